package dev.tessera.io.pickle;

import dev.tessera.TesseraException;
import dev.tessera.io.npz.NpyArray;
import dev.tessera.io.npz.NpyDtype;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * Reads a Python pickle (protocols 0-5, without out-of-band buffers) without executing anything it says: the
 * opcodes are interpreted here, and a {@code GLOBAL}/{@code STACK_GLOBAL} may only name an allow-listed class or
 * function, which is never looked up or called, only recognized. Anything else is refused with
 * {@code "FILE: pickle refers to MODULE.NAME, which is not allowed (...)"}.
 *
 * <p>Python values become Java values: {@code None} {@code null}; {@code bool} {@link Boolean}; {@code int}
 * {@link Long} (or {@link BigInteger} beyond 64 bits); {@code float} {@link Double}; {@code str} {@link String};
 * a Python 2 {@code str} a {@link String} of its bytes read as latin-1 (as Python 3's
 * {@code pickle.load(f, encoding="latin1")}); {@code bytes} {@code byte[]}; {@code tuple} an unmodifiable
 * {@link List}; {@code list} a mutable {@link List}; {@code dict}, {@code collections.defaultdict},
 * {@code collections.OrderedDict} a {@link LinkedHashMap} in pickled order; {@code set}/{@code frozenset} a
 * {@link LinkedHashSet}; numpy arrays {@link NpyArray} (in C order, whatever order was pickled); numpy dtypes
 * {@link NpyDtype}; numpy scalars the boxed Java value; scipy sparse matrices {@link SparseMatrix}.
 *
 * <p>Allowed globals ({@code __builtin__}/{@code copy_reg} are Python 2's names for
 * {@code builtins}/{@code copyreg}): {@code numpy.core.multiarray._reconstruct},
 * {@code numpy._core.multiarray._reconstruct}, {@code numpy.ndarray}, {@code numpy.dtype};
 * {@code scipy.sparse[._]{csr,csc,coo}.{csr,csc,coo}_matrix} (and the {@code _array} variants);
 * {@code collections.defaultdict}, {@code collections.OrderedDict}; {@code builtins.list/dict/set/frozenset/object};
 * {@code copyreg._reconstructor} (protocol 0/1 objects, for the classes above only) and {@code _codecs.encode}
 * (how Python 3 writes {@code bytes} at protocols 0-2; latin-1/UTF-8/ASCII only).
 *
 * <p>Errors are one line naming the file and the byte offset of the opcode: a truncated pickle, an unknown
 * opcode, a stack underflow, an array whose byte count does not match its shape.
 */
public final class SafeUnpickler {
    /** The refusal text after "MODULE.NAME". */
    private static final String NOT_ALLOWED = ", which is not allowed (only numpy/scipy arrays and dicts are read)";
    private static final int HIGHEST_PROTOCOL = 5;
    private static final int MAX_DEPTH = 2000;

    /** What an allow-listed global stands for; it is only ever recognized, never resolved or called. */
    private enum Global {
        RECONSTRUCT, FROMBUFFER, SCALAR, NDARRAY, DTYPE, CSR, CSC, COO, DEFAULTDICT, ORDEREDDICT, LIST, DICT, SET, FROZENSET, OBJECT,
        COPYREG_RECONSTRUCTOR, CODECS_ENCODE;

        boolean isSparse() {
            return this == CSR || this == CSC || this == COO;
        }
    }

    private static final Map<String, Global> ALLOWED = allowList();

    private static Map<String, Global> allowList() {
        Map<String, Global> m = new LinkedHashMap<>();
        m.put("numpy.core.multiarray._reconstruct", Global.RECONSTRUCT);
        m.put("numpy._core.multiarray._reconstruct", Global.RECONSTRUCT);
        m.put("numpy.core.numeric._frombuffer", Global.FROMBUFFER);
        m.put("numpy._core.numeric._frombuffer", Global.FROMBUFFER);
        m.put("numpy.core.multiarray.scalar", Global.SCALAR);
        m.put("numpy._core.multiarray.scalar", Global.SCALAR);
        m.put("numpy.ndarray", Global.NDARRAY);
        m.put("numpy.dtype", Global.DTYPE);
        for (String f : List.of("csr", "csc", "coo")) {
            Global g = Global.valueOf(f.toUpperCase());
            for (String kind : List.of("_matrix", "_array")) {
                m.put("scipy.sparse." + f + "." + f + kind, g);
                m.put("scipy.sparse._" + f + "." + f + kind, g);
                m.put("scipy.sparse._arrays." + f + kind, g);
            }
        }
        m.put("collections.defaultdict", Global.DEFAULTDICT);
        m.put("collections.OrderedDict", Global.ORDEREDDICT);
        for (String b : List.of("builtins", "__builtin__")) {
            m.put(b + ".list", Global.LIST);
            m.put(b + ".dict", Global.DICT);
            m.put(b + ".set", Global.SET);
            m.put(b + ".frozenset", Global.FROZENSET);
            m.put(b + ".object", Global.OBJECT);
        }
        m.put("copyreg._reconstructor", Global.COPYREG_RECONSTRUCTOR);
        m.put("copy_reg._reconstructor", Global.COPYREG_RECONSTRUCTOR);
        m.put("_codecs.encode", Global.CODECS_ENCODE);
        return Map.copyOf(m);
    }

    /** An allow-listed object whose state arrives later (BUILD); finished into a typed value after STOP. */
    private static final class Instance {
        final Global kind;
        final Object arg;
        Object state;
        Object result;

        Instance(Global kind, Object arg) {
            this.kind = kind;
            this.arg = arg;
        }
    }

    /** A Python tuple: immutable to users, filled in place while finishing. */
    private static final class Tuple extends AbstractList<Object> implements RandomAccess {
        final Object[] items;

        Tuple(Object[] items) {
            this.items = items;
        }

        @Override
        public Object get(int index) {
            return items[index];
        }

        @Override
        public int size() {
            return items.length;
        }
    }

    private static final Object MARK = new Object() {
        @Override
        public String toString() {
            return "MARK";
        }
    };

    private final String source;
    private final byte[] in;
    private int pos;
    private int opPos;
    private final ArrayList<Object> stack = new ArrayList<>();
    private final Long2ObjectOpenHashMap<Object> memo = new Long2ObjectOpenHashMap<>();
    private final IdentityHashMap<Object, Boolean> finished = new IdentityHashMap<>();
    private final Set<Object> frozen = Collections.newSetFromMap(new IdentityHashMap<>());

    private SafeUnpickler(String source, byte[] in) {
        this.source = source;
        this.in = in;
    }

    /**
     * @param file a pickle file
     * @return its value (see the class comment for the Java types)
     * @throws TesseraException when the file is missing, truncated, malformed or names a global that is not allowed
     */
    public static Object load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TesseraException(file + ": file not found");
        } catch (IOException e) {
            throw new TesseraException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        return load(bytes, file.toString());
    }

    /**
     * @param pickle the pickled bytes
     * @param source the name errors give (a file or archive entry)
     * @return the value (see the class comment for the Java types)
     * @throws TesseraException when the bytes are truncated, malformed or name a global that is not allowed
     */
    public static Object load(byte[] pickle, String source) {
        SafeUnpickler u = new SafeUnpickler(source, pickle);
        Object v = u.run();
        u.opPos = u.pos;
        return u.finish(v, 0);
    }

    // ---------------------------------------------------------------- opcode loop

    private Object run() {
        while (true) {
            opPos = pos;
            if (pos >= in.length) {
                throw truncated("pickle ends without a STOP opcode");
            }
            int op = in[pos++] & 0xff;
            switch (op) {
                case '(' -> stack.add(MARK);
                case '.' -> {
                    Object v = pop();
                    if (!stack.isEmpty()) {
                        throw malformed("STOP leaves " + stack.size() + " items on the stack");
                    }
                    return v;
                }
                case '0' -> pop();
                case '1' -> popMark();
                case '2' -> push(peek());
                case 'F' -> push(parseFloat(readLine()));
                case 'I' -> {
                    String s = readLine();
                    push(switch (s) {
                        case "00" -> Boolean.FALSE;
                        case "01" -> Boolean.TRUE;
                        default -> parseInt(s);
                    });
                }
                case 'J' -> push((long) readInt4());
                case 'K' -> push((long) readByte());
                case 'M' -> push((long) (readByte() | readByte() << 8));
                case 'L' -> {
                    String s = readLine();
                    push(parseInt(s.endsWith("L") ? s.substring(0, s.length() - 1) : s));
                }
                case 0x8a -> push(readLong(readByte()));
                case 0x8b -> push(readLong(count(readInt4(), "LONG4")));
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'S' -> push(unquote(readLine()));
                case 'T' -> push(latin1(readBytes(count(readInt4(), "BINSTRING"))));
                case 'U' -> push(latin1(readBytes(readByte())));
                case 'V' -> push(rawUnicodeEscape(readLine()));
                case 'X' -> push(utf8(readBytes(count(readInt4(), "BINUNICODE"))));
                case 0x8c -> push(utf8(readBytes(readByte())));
                case 0x8d -> push(utf8(readBytes(count(readLong8(), "BINUNICODE8"))));
                case 'B' -> push(readBytes(count(readInt4(), "BINBYTES")));
                case 'C' -> push(readBytes(readByte()));
                case 0x8e -> push(readBytes(count(readLong8(), "BINBYTES8")));
                case 0x96 -> push(readBytes(count(readLong8(), "BYTEARRAY8")));
                case 'G' -> push(Double.longBitsToDouble(readBigEndianLong()));
                case ')' -> push(new Tuple(new Object[0]));
                case 't' -> push(new Tuple(popMark().toArray()));
                case 0x85 -> push(tuple(1));
                case 0x86 -> push(tuple(2));
                case 0x87 -> push(tuple(3));
                case ']' -> push(new ArrayList<>());
                case 'l' -> push(new ArrayList<>(popMark()));
                case '}' -> push(new LinkedHashMap<>());
                case 'd' -> {
                    Map<Object, Object> d = new LinkedHashMap<>();
                    setItems(d, popMark());
                    push(d);
                }
                case 0x8f -> push(new LinkedHashSet<>());
                case 0x91 -> {
                    Set<Object> s = new LinkedHashSet<>();
                    addItems(s, popMark());
                    push(freeze(s));
                }
                case 'a' -> {
                    Object v = pop();
                    list(peek()).add(v);
                }
                case 'e' -> {
                    List<Object> items = popMark();
                    list(peek()).addAll(items);
                }
                case 's' -> {
                    Object v = pop();
                    Object k = pop();
                    setItems(map(peek()), Arrays.asList(k, v));
                }
                case 'u' -> {
                    List<Object> items = popMark();
                    setItems(map(peek()), items);
                }
                case 0x90 -> {
                    List<Object> items = popMark();
                    addItems(set(peek()), items);
                }
                case 'p' -> memo.put(parseIndex(readLine()), peek());
                case 'q' -> memo.put(readByte(), peek());
                case 'r' -> memo.put(readInt4() & 0xffffffffL, peek());
                case 0x94 -> memo.put(memo.size(), peek());
                case 'g' -> push(memoGet(parseIndex(readLine())));
                case 'h' -> push(memoGet(readByte()));
                case 'j' -> push(memoGet(readInt4() & 0xffffffffL));
                case 'c' -> {
                    String module = readLine();
                    String name = readLine();
                    push(global(module, name));
                }
                case 0x93 -> {
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw malformed("STACK_GLOBAL needs two strings");
                    }
                    push(global(m, n));
                }
                case 'R' -> {
                    Object args = pop();
                    Object callable = pop();
                    push(call(callable, tupleArgs(args, "REDUCE"), false));
                }
                case 0x81 -> {
                    Object args = pop();
                    Object cls = pop();
                    push(call(cls, tupleArgs(args, "NEWOBJ"), true));
                }
                case 0x92 -> {
                    Object kwargs = pop();
                    Object args = pop();
                    Object cls = pop();
                    if (!(kwargs instanceof Map<?, ?> kw) || !kw.isEmpty()) {
                        throw malformed("NEWOBJ_EX with keyword arguments is not supported");
                    }
                    push(call(cls, tupleArgs(args, "NEWOBJ_EX"), true));
                }
                case 'i' -> {
                    String module = readLine();
                    String name = readLine();
                    Object cls = global(module, name);
                    push(call(cls, popMark(), false));
                }
                case 'o' -> {
                    List<Object> items = popMark();
                    if (items.isEmpty()) {
                        throw malformed("OBJ without a class");
                    }
                    push(call(items.get(0), items.subList(1, items.size()), false));
                }
                case 'b' -> {
                    Object state = pop();
                    build(peek(), state);
                }
                case 0x80 -> {
                    int proto = readByte();
                    if (proto > HIGHEST_PROTOCOL) {
                        throw malformed("pickle protocol " + proto + " is not supported (at most " + HIGHEST_PROTOCOL + ")");
                    }
                }
                case 0x95 -> {
                    long frame = readLong8();
                    if (frame < 0 || frame > in.length - pos) {
                        throw truncated("FRAME of " + frame + " bytes runs past the end");
                    }
                }
                case 'P', 'Q' -> throw malformed("persistent ids are not supported");
                case 0x82, 0x83, 0x84 -> throw malformed("extension-registry opcodes (EXT1/2/4) are not supported");
                case 0x97, 0x98 -> throw malformed("out-of-band buffers (protocol 5) are not supported");
                default -> throw malformed(String.format("unknown opcode 0x%02x", op));
            }
        }
    }

    // ---------------------------------------------------------------- globals and calls

    private Global global(String module, String name) {
        String qualified = module + "." + name;
        Global g = ALLOWED.get(qualified);
        if (g == null) {
            throw new TesseraException(source + ": pickle refers to " + qualified + NOT_ALLOWED);
        }
        return g;
    }

    /**
     * What a REDUCE ({@code callable(*args)}), NEWOBJ ({@code cls.__new__(cls, *args)}) or INST/OBJ of an
     * allow-listed global yields. Nothing is executed: each case builds the value the real call would return.
     */
    private Object call(Object callable, List<Object> args, boolean isNew) {
        if (!(callable instanceof Global g)) {
            throw malformed("REDUCE/NEWOBJ target is " + describe(callable) + ", not an allowed class or function");
        }
        switch (g) {
            case RECONSTRUCT -> {
                if (isNew || args.isEmpty() || args.get(0) != Global.NDARRAY) {
                    throw malformed("_reconstruct is only read for numpy.ndarray");
                }
                return new Instance(Global.NDARRAY, null);
            }
            case FROMBUFFER -> {
                // Protocol 5 with in-band data: _frombuffer(buffer, dtype, shape, order).
                if (isNew || args.size() != 4 || !(args.get(0) instanceof byte[] buf) || !(args.get(2) instanceof Tuple shape)
                        || !(args.get(3) instanceof String order)) {
                    throw malformed("numpy _frombuffer needs (buffer, dtype, shape, order)");
                }
                Instance a = new Instance(Global.NDARRAY, null);
                a.state = new Tuple(new Object[] {1L, shape, args.get(1), "F".equals(order), buf});
                return a;
            }
            case SCALAR -> {
                // numpy.core.multiarray.scalar(dtype, bytes): a numpy scalar such as numpy.int64(3).
                if (isNew || args.size() != 2) {
                    throw malformed("numpy scalar needs (dtype, data)");
                }
                Instance a = new Instance(Global.SCALAR, null);
                a.state = new Tuple(args.toArray());
                return a;
            }
            case DTYPE -> {
                if (args.isEmpty() || !(args.get(0) instanceof String code)) {
                    throw malformed("numpy.dtype needs a type code");
                }
                return new Instance(Global.DTYPE, code);
            }
            case CSR, CSC, COO -> {
                if (!isNew || !args.isEmpty()) {
                    throw malformed("a scipy sparse matrix is only read from its pickled state (NEWOBJ with no arguments)");
                }
                return new Instance(g, null);
            }
            case DEFAULTDICT, ORDEREDDICT, DICT -> {
                // The default factory of a defaultdict is recorded as a global but never called.
                Map<Object, Object> d = new LinkedHashMap<>();
                if (!isNew && g != Global.DEFAULTDICT && args.size() == 1) {
                    for (Object pair : iterable(args.get(0))) {
                        if (!(pair instanceof Tuple t) || t.size() != 2) {
                            throw malformed("dict() needs (key, value) pairs");
                        }
                        setItems(d, t);
                    }
                } else if (!isNew && args.size() > (g == Global.DEFAULTDICT ? 1 : 0)) {
                    throw malformed(g.name().toLowerCase() + " called with " + args.size() + " arguments");
                }
                return d;
            }
            case LIST, SET, FROZENSET -> {
                List<Object> items = !isNew && args.size() == 1 ? new ArrayList<>(iterable(args.get(0))) : new ArrayList<>();
                if (!isNew && args.size() > 1) {
                    throw malformed(g.name().toLowerCase() + " called with " + args.size() + " arguments");
                }
                if (g == Global.LIST) {
                    return items;
                }
                Set<Object> s = new LinkedHashSet<>();
                addItems(s, items);
                if (g == Global.FROZENSET) {
                    return freeze(s);
                }
                return s;
            }
            case CODECS_ENCODE -> {
                if (args.size() != 2 || !(args.get(0) instanceof String text) || !(args.get(1) instanceof String enc)) {
                    throw malformed("_codecs.encode needs (str, encoding)");
                }
                return switch (enc.toLowerCase().replace('_', '-')) {
                    case "latin1", "latin-1", "iso-8859-1", "iso8859-1" -> encodeLatin1(text);
                    case "utf-8", "utf8" -> text.getBytes(StandardCharsets.UTF_8);
                    case "ascii", "us-ascii" -> encodeAscii(text);
                    default -> throw malformed("_codecs.encode with encoding '" + enc + "' is not supported");
                };
            }
            case COPYREG_RECONSTRUCTOR -> {
                // copyreg._reconstructor(cls, object, None) is object.__new__(cls): protocol 0/1 class instances.
                if (args.size() != 3 || !(args.get(0) instanceof Global cls) || !cls.isSparse()
                        || args.get(1) != Global.OBJECT || args.get(2) != null) {
                    throw malformed("copyreg._reconstructor is only read for scipy sparse matrices");
                }
                return new Instance(cls, null);
            }
            default -> throw malformed("cannot call " + g.name().toLowerCase());
        }
    }

    private void build(Object target, Object state) {
        if (!(target instanceof Instance inst) || inst.state != null) {
            throw malformed("BUILD on " + describe(target) + " is not supported");
        }
        if (inst.kind.isSparse() && state instanceof Tuple t && t.size() == 2) {
            state = t.get(0); // (instance dict, slot state)
        }
        if (state == null) {
            throw malformed("BUILD with no state");
        }
        inst.state = state;
    }

    // ---------------------------------------------------------------- finishing: typed values

    /** Turns instances into typed values, in place for containers (so shared references stay shared). */
    private Object finish(Object v, int depth) {
        if (depth > MAX_DEPTH) {
            throw malformed("values nested more than " + MAX_DEPTH + " levels deep");
        }
        if (v instanceof Global g) {
            throw malformed("a bare reference to " + g.name().toLowerCase() + " is not a value that is read");
        }
        if (v instanceof Instance inst) {
            if (inst.result == null) {
                inst.result = typed(inst, depth);
            }
            return inst.result;
        }
        if (v instanceof Tuple || v instanceof List<?> || v instanceof Map<?, ?> || v instanceof Set<?>) {
            if (finished.put(v, Boolean.TRUE) != null) {
                return v;
            }
        }
        if (v instanceof Tuple t) {
            for (int i = 0; i < t.items.length; i++) {
                t.items[i] = finish(t.items[i], depth + 1);
            }
        } else if (v instanceof List<?> l) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) l;
            for (int i = 0; i < list.size(); i++) {
                list.set(i, finish(list.get(i), depth + 1));
            }
        } else if (v instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> map = (Map<Object, Object>) m;
            for (Map.Entry<Object, Object> e : map.entrySet()) {
                e.setValue(finish(e.getValue(), depth + 1));
            }
        }
        // Set elements and dict keys are hashable (checked on insertion): no instances inside.
        return v;
    }

    private Object typed(Instance inst, int depth) {
        if (inst.state == null) {
            throw malformed(inst.kind.name().toLowerCase() + " object without a state (no BUILD)");
        }
        Object state = finish(inst.state, depth + 1);
        try {
            return switch (inst.kind) {
                case DTYPE -> dtype(inst, state);
                case NDARRAY -> ndarray(state);
                case SCALAR -> scalar((Tuple) state);
                case CSR, CSC, COO -> sparse(inst.kind, state);
                default -> throw new IllegalStateException(inst.kind.name());
            };
        } catch (IllegalArgumentException | ArithmeticException e) {
            // Values that do not form an array: byte counts, dtypes, sparse indices.
            throw new TesseraException(source + ": " + e.getMessage(), e);
        }
    }

    private NpyDtype dtype(Instance inst, Object state) {
        // numpy's dtype state: (version, byte order, subarray, names, fields, elsize, alignment, flags[, metadata]).
        if (!(state instanceof Tuple t) || t.size() < 8) {
            throw new IllegalArgumentException("numpy dtype state is not an 8- or 9-tuple");
        }
        if (t.get(2) != null || t.get(3) != null || t.get(4) != null) {
            throw new IllegalArgumentException("structured or subarray dtype '" + inst.arg + "' is not read");
        }
        String code = (String) inst.arg;
        String order = t.get(1) instanceof String o && o.length() == 1 ? o : "|";
        return NpyDtype.parse(code.isEmpty() || "<>|=".indexOf(code.charAt(0)) < 0 ? order + code : code);
    }

    private NpyArray ndarray(Object state) {
        // numpy's ndarray.__setstate__: (version, shape, dtype, is_fortran, data) or the older 4-tuple.
        if (!(state instanceof Tuple t) || (t.size() != 5 && t.size() != 4)) {
            throw new IllegalArgumentException("numpy array state is not a 4- or 5-tuple");
        }
        int o = t.size() - 4;
        if (!(t.get(o) instanceof Tuple shapeT)) {
            throw new IllegalArgumentException("numpy array shape is not a tuple");
        }
        long[] shape = new long[shapeT.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(shapeT.get(i) instanceof Long d)) {
                throw new IllegalArgumentException("numpy array shape " + shapeT + " is not integers");
            }
            shape[i] = d;
        }
        if (!(t.get(o + 1) instanceof NpyDtype dtype)) {
            throw new IllegalArgumentException("numpy array dtype is " + describe(t.get(o + 1)));
        }
        boolean fortran = truth(t.get(o + 2));
        Object raw = t.get(o + 3);
        byte[] bytes;
        if (raw instanceof byte[] b) {
            bytes = b;
        } else if (raw instanceof String s) {
            bytes = encodeLatin1(s);
        } else if (raw instanceof List<?>) {
            throw new IllegalArgumentException("object arrays are not read");
        } else {
            throw new IllegalArgumentException("numpy array data is " + describe(raw));
        }
        return fortran ? NpyArray.ofFortranOrder(dtype, shape, bytes) : NpyArray.of(dtype, shape, bytes);
    }

    private Object scalar(Tuple args) {
        NpyArray a = ndarray(new Tuple(new Object[] {new Tuple(new Object[0]), args.get(0), false, args.get(1)}));
        return switch (a.dtype().kind()) {
            case BOOL -> a.asBooleans()[0];
            case FLOAT -> a.asDoubles()[0];
            case UNICODE, BYTES -> a.asStrings().get(0);
            default -> a.asLongs()[0];
        };
    }

    private SparseMatrix sparse(Global kind, Object state) {
        if (!(state instanceof Map<?, ?> d)) {
            throw new IllegalArgumentException("scipy sparse matrix state is not a dict");
        }
        Object shapeV = d.containsKey("_shape") ? d.get("_shape") : d.get("shape");
        if (!(shapeV instanceof Tuple shape) || shape.size() != 2 || !(shape.get(0) instanceof Long rows)
                || !(shape.get(1) instanceof Long cols)) {
            throw new IllegalArgumentException("scipy sparse matrix has no 2-D _shape");
        }
        NpyArray data = array(d, "data");
        return switch (kind) {
            case CSR -> SparseMatrix.csr(rows, cols, data, array(d, "indices"), array(d, "indptr"));
            case CSC -> SparseMatrix.csc(rows, cols, data, array(d, "indices"), array(d, "indptr"));
            default -> {
                if (d.get("coords") instanceof Tuple c && c.size() == 2) {
                    yield SparseMatrix.coo(rows, cols, data, arrayValue(c.get(0), "coords[0]"), arrayValue(c.get(1), "coords[1]"));
                }
                yield SparseMatrix.coo(rows, cols, data, array(d, "row"), array(d, "col"));
            }
        };
    }

    private static NpyArray array(Map<?, ?> d, String key) {
        return arrayValue(d.get(key), key);
    }

    private static NpyArray arrayValue(Object v, String what) {
        if (!(v instanceof NpyArray a)) {
            throw new IllegalArgumentException("scipy sparse matrix " + what + " is " + describe(v) + ", not a numpy array");
        }
        return a;
    }

    private static boolean truth(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Long l) {
            return l != 0;
        }
        throw new IllegalArgumentException("expected a bool, found " + describe(v));
    }

    // ---------------------------------------------------------------- stack and containers

    private void push(Object v) {
        stack.add(v);
    }

    private Object pop() {
        if (stack.isEmpty()) {
            throw malformed("stack underflow");
        }
        Object v = stack.removeLast();
        if (v == MARK) {
            throw malformed("unexpected MARK on the stack");
        }
        return v;
    }

    private Object peek() {
        if (stack.isEmpty() || stack.getLast() == MARK) {
            throw malformed("stack underflow");
        }
        return stack.getLast();
    }

    private List<Object> popMark() {
        int k = stack.lastIndexOf(MARK);
        if (k < 0) {
            throw malformed("no MARK on the stack");
        }
        List<Object> items = new ArrayList<>(stack.subList(k + 1, stack.size()));
        stack.subList(k, stack.size()).clear();
        return items;
    }

    private Tuple tuple(int n) {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = pop();
        }
        return new Tuple(items);
    }

    private List<Object> tupleArgs(Object args, String op) {
        if (!(args instanceof Tuple t)) {
            throw malformed(op + " arguments are " + describe(args) + ", not a tuple");
        }
        return t;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object v) {
        if (v instanceof List<?> l && !(v instanceof Tuple)) {
            return (List<Object>) l;
        }
        throw malformed("APPEND to " + describe(v) + ", not a list");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> map(Object v) {
        if (v instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw malformed("SETITEM on " + describe(v) + ", not a dict");
    }

    @SuppressWarnings("unchecked")
    private Set<Object> set(Object v) {
        if (v instanceof Set<?> s && !frozen.contains(v)) {
            return (Set<Object>) s;
        }
        throw malformed("ADDITEMS on " + describe(v) + ", not a set");
    }

    private List<?> iterable(Object v) {
        if (v instanceof List<?> l) {
            return l;
        }
        if (v instanceof Set<?> s) {
            return new ArrayList<>(s);
        }
        throw malformed(describe(v) + " is not a list or tuple");
    }

    private void setItems(Map<Object, Object> d, List<Object> kv) {
        if (kv.size() % 2 != 0) {
            throw malformed("SETITEMS with an odd number of items");
        }
        for (int i = 0; i < kv.size(); i += 2) {
            d.put(hashable(kv.get(i)), kv.get(i + 1));
        }
    }

    private void addItems(Set<Object> s, List<?> items) {
        for (Object o : items) {
            s.add(hashable(o));
        }
    }

    /** Dict keys and set elements must be immutable values, as in Python (and so that hashes never change). */
    private Object hashable(Object k) {
        if (k == null || k instanceof Boolean || k instanceof Long || k instanceof BigInteger || k instanceof Double
                || k instanceof String || k instanceof byte[] || frozen.contains(k) && k instanceof Set<?>) {
            return k;
        }
        if (k instanceof Tuple t) {
            for (Object o : t.items) {
                hashable(o);
            }
            return k;
        }
        throw malformed("unhashable dict key or set element: " + describe(k));
    }

    private Set<Object> freeze(Set<Object> s) {
        Set<Object> f = Collections.unmodifiableSet(s);
        frozen.add(f);
        return f;
    }

    private Object memoGet(long index) {
        if (!memo.containsKey(index)) {
            throw malformed("memo entry " + index + " was never stored");
        }
        return memo.get(index);
    }

    // ---------------------------------------------------------------- reading bytes

    private int readByte() {
        need(1);
        return in[pos++] & 0xff;
    }

    private int readInt4() {
        need(4);
        int v = (in[pos] & 0xff) | (in[pos + 1] & 0xff) << 8 | (in[pos + 2] & 0xff) << 16 | (in[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    private long readLong8() {
        need(8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (in[pos + i] & 0xff);
        }
        pos += 8;
        return v;
    }

    private long readBigEndianLong() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (in[pos + i] & 0xff);
        }
        pos += 8;
        return v;
    }

    private int count(long n, String op) {
        if (n < 0) {
            throw malformed(op + " has a negative length " + n);
        }
        if (n > in.length - pos) {
            throw truncated(op + " of " + n + " bytes runs past the end");
        }
        return (int) n;
    }

    private byte[] readBytes(int n) {
        need(n);
        byte[] b = Arrays.copyOfRange(in, pos, pos + n);
        pos += n;
        return b;
    }

    /** LONG1/LONG4: little-endian two's complement. */
    private Object readLong(int n) {
        byte[] le = readBytes(n);
        if (n == 0) {
            return 0L;
        }
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = le[n - 1 - i];
        }
        return narrow(new BigInteger(be));
    }

    private String readLine() {
        for (int i = pos; i < in.length; i++) {
            if (in[i] == '\n') {
                String s = new String(in, pos, i - pos, StandardCharsets.ISO_8859_1);
                pos = i + 1;
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
        }
        throw truncated("text argument without its newline");
    }

    private void need(int n) {
        if (n > in.length - pos) {
            throw truncated("needs " + n + " more bytes, " + (in.length - pos) + " left");
        }
    }

    // ---------------------------------------------------------------- text opcodes (protocol 0)

    private Object parseInt(String s) {
        try {
            return narrow(new BigInteger(s.trim()));
        } catch (NumberFormatException e) {
            throw malformed("'" + s + "' is not an integer");
        }
    }

    private long parseIndex(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw malformed("'" + s + "' is not a memo index");
        }
    }

    private Double parseFloat(String s) {
        String t = s.trim();
        switch (t.toLowerCase()) {
            case "nan", "-nan" -> {
                return Double.NaN;
            }
            case "inf", "infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                try {
                    return Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    throw malformed("'" + s + "' is not a float");
                }
            }
        }
    }

    private static Object narrow(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    /** STRING: a Python 2 {@code repr} of a byte string, decoded as {@code codecs.escape_decode} does. */
    private String unquote(String s) {
        if (s.length() < 2 || (s.charAt(0) != '\'' && s.charAt(0) != '"') || s.charAt(s.length() - 1) != s.charAt(0)) {
            throw malformed("STRING argument is not quoted");
        }
        String body = s.substring(1, s.length() - 1);
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 == body.length()) {
                out.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'a' -> out.append('\007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\013');
                case '\\', '\'', '"' -> out.append(e);
                case '\n' -> {
                    // Line continuation: nothing.
                }
                case 'x' -> {
                    if (i + 2 >= body.length()) {
                        throw malformed("truncated \\x escape in STRING");
                    }
                    try {
                        out.append((char) Integer.parseInt(body.substring(i + 1, i + 3), 16));
                    } catch (NumberFormatException | StringIndexOutOfBoundsException ex) {
                        throw malformed("bad \\x escape in STRING");
                    }
                    i += 2;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        for (int k = 0; k < 2 && i + 1 < body.length() && body.charAt(i + 1) >= '0' && body.charAt(i + 1) <= '7'; k++) {
                            v = v * 8 + body.charAt(++i) - '0';
                        }
                        out.append((char) (v & 0xff));
                    } else {
                        out.append('\\').append(e);
                    }
                }
            }
        }
        return out.toString();
    }

    /** UNICODE: raw-unicode-escape, i.e. latin-1 text with {@code \\uXXXX} and {@code \\UXXXXXXXX} escapes. */
    private String rawUnicodeEscape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == 'u' || s.charAt(i + 1) == 'U')) {
                int digits = s.charAt(i + 1) == 'u' ? 4 : 8;
                if (i + 2 + digits > s.length()) {
                    throw malformed("truncated \\u escape in UNICODE");
                }
                try {
                    out.appendCodePoint(Integer.parseUnsignedInt(s.substring(i + 2, i + 2 + digits), 16));
                } catch (IllegalArgumentException ex) {
                    throw malformed("bad \\u escape in UNICODE");
                }
                i += 1 + digits;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private byte[] encodeLatin1(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            char c = s.charAt(i);
            if (c > 0xff) {
                throw new TesseraException(source + ": string holds character U+" + Integer.toHexString(c)
                        + ", which latin-1 bytes cannot hold");
            }
            b[i] = (byte) c;
        }
        return b;
    }

    private byte[] encodeAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) {
                throw malformed("_codecs.encode: non-ASCII character in an ASCII string");
            }
        }
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ---------------------------------------------------------------- errors

    private static String describe(Object v) {
        if (v instanceof Global g) {
            return "the global " + g.name().toLowerCase();
        }
        if (v instanceof Instance i) {
            return i.kind == Global.DTYPE ? "a numpy dtype" : i.kind == Global.NDARRAY ? "a numpy array" : "a scipy sparse matrix";
        }
        return describeValue(v);
    }

    /**
     * Names the Python type of a value {@link #load} returned, for messages: {@code None}, {@code an int},
     * {@code a str}, {@code a dict}, {@code a numpy array}, ...
     *
     * @param v a loaded value
     * @return the type, with an article
     */
    public static String describeValue(Object v) {
        return switch (v) {
            case null -> "None";
            case Boolean b -> "a bool";
            case Long l -> "an int";
            case BigInteger b -> "an int";
            case Double d -> "a float";
            case String str -> "a str";
            case byte[] b -> "bytes";
            case Tuple t -> "a tuple";
            case List<?> l -> "a list";
            case Map<?, ?> m -> "a dict";
            case Set<?> set -> "a set";
            case NpyArray a -> "a numpy array";
            case NpyDtype t -> "a numpy dtype";
            case SparseMatrix m -> "a scipy sparse matrix";
            default -> "a " + v.getClass().getSimpleName();
        };
    }

    private TesseraException truncated(String what) {
        return new TesseraException(source + ": truncated pickle at byte " + opPos + " (" + what + "; the file has "
                + in.length + " bytes)");
    }

    private TesseraException malformed(String what) {
        return new TesseraException(source + ": malformed pickle at byte " + opPos + ": " + what);
    }
}
