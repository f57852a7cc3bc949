"""Prints the hex pickles embedded in the pickle/planetoid tests (run once by hand; the tests never run Python).

Two styles:
  * py3: what this machine's pickle/numpy/scipy write (protocols 0, 2, 4);
  * py2: hand-assembled bytes in the exact layout of the Planetoid files (protocol 2, Python 2 str data,
    scipy.sparse.csr.csr_matrix, numpy.core.multiarray._reconstruct), checked by loading them back.
"""
import collections
import pickle
import struct
import sys

import numpy as np
import scipy.sparse as sp


def K(n):
    if 0 <= n < 256:
        return b'K' + bytes([n])
    if 0 <= n < 65536:
        return b'M' + struct.pack('<H', n)
    return b'J' + struct.pack('<i', n)


def s2(b):  # a Python 2 str
    return (b'U' + bytes([len(b)]) + b) if len(b) < 256 else (b'T' + struct.pack('<i', len(b)) + b)


class Py2:
    """Emits Planetoid-style protocol 2 pickles, memoizing globals like Python 2 did."""

    def __init__(self):
        self.memo = {}
        self.out = b'\x80\x02'

    def glob(self, mod, name):
        key = (mod, name)
        if key in self.memo:
            return b'h' + bytes([self.memo[key]])
        self.memo[key] = len(self.memo) + 1
        return b'c' + mod.encode() + b'\n' + name.encode() + b'\n' + b'q' + bytes([self.memo[key]])

    def array(self, a):
        shape = b''.join(K(d) for d in a.shape)
        shape = {0: b')', 1: shape + b'\x85', 2: shape + b'\x86', 3: shape + b'\x87'}[a.ndim]
        order = '>' if a.dtype.byteorder == '>' else ('|' if a.dtype.itemsize == 1 else '<')
        code = a.dtype.kind + str(a.dtype.itemsize)
        fortran = a.ndim > 1 and a.flags.f_contiguous and not a.flags.c_contiguous
        raw = a.tobytes(order='F' if fortran else 'C')
        return (self.glob('numpy.core.multiarray', '_reconstruct') + self.glob('numpy', 'ndarray')
                + b'K\x00\x85U\x01b\x87R(K\x01' + shape
                + self.glob('numpy', 'dtype') + s2(code.encode()) + b'K\x00K\x01\x87R(K\x03' + s2(order.encode())
                + b'NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb'
                + (b'\x88' if fortran else b'\x89') + s2(raw) + b'tb')

    def csr(self, m):
        return (self.glob('scipy.sparse.csr', 'csr_matrix') + b')\x81}(' + s2(b'format') + s2(b'csr')
                + s2(b'_shape') + K(m.shape[0]) + K(m.shape[1]) + b'\x86'
                + s2(b'indptr') + self.array(m.indptr) + s2(b'_cs_matrix__has_sorted_indices') + b'\x88'
                + s2(b'indices') + self.array(m.indices) + s2(b'maxprint') + K(50)
                + s2(b'data') + self.array(m.data) + b'ub')

    def graph(self, d):
        body = self.glob('collections', 'defaultdict') + self.glob('__builtin__', 'list') + b'\x85R('
        for k, v in d.items():
            body += K(k) + b']' + (b'(' + b''.join(K(x) for x in v) + b'e' if v else b'')
        return body + b'u'

    def done(self, body):
        return self.out + body + b'.'


def py2_array(a):
    p = Py2()
    return p.done(p.array(a))


def py2_csr(m):
    p = Py2()
    return p.done(p.csr(m))


def py2_graph(d):
    p = Py2()
    return p.done(p.graph(d))


def check(data, expected):
    got = pickle.loads(data, encoding='latin1')
    if sp.issparse(expected):
        assert (got != expected).nnz == 0 and got.shape == expected.shape, (got, expected)
    elif isinstance(expected, np.ndarray):
        assert np.array_equal(got, expected) and got.dtype.kind == expected.dtype.kind and got.dtype.itemsize == expected.dtype.itemsize, (got, expected)
    else:
        assert got == expected, (got, expected)
    return data


def emit(name, data):
    print(f'{name} = "{data.hex()}"')


class Evil:
    def __init__(self, fn, arg):
        self.fn, self.arg = fn, arg

    def __reduce__(self):
        return (self.fn, (self.arg,))


def main():
    values = {'ints': [0, 1, -1, 255, 256, 65535, 65536, -2**31, 2**31, 2**62, 2**64, -2**70],
              'floats': (1.5, -0.0, 1e300), 'misc': (None, True, False, 'h\u00e9llo', b'\x00\xff'),
              'nested': [[1], [2, [3]]]}
    for proto in (0, 2, 4):
        emit(f'VALUES_P{proto}', check(pickle.dumps(values, protocol=proto), values))
    sets = {'s': {1, 2}, 'f': frozenset({'a'}), 't': ((1, 2), (1, 2))}
    emit('SETS_P4', check(pickle.dumps(sets, protocol=4), sets))
    py2str = b"(dp0\nS'a\\x00b\\n\\'c'\np1\nI01\nsS\"e\\351\"\np2\nL12345678901234567890L\ns."
    emit('PY2_STRINGS_P0', check(py2str, {'a\x00b\n\'c': True, 'e\xe9': 12345678901234567890}))

    i64 = np.arange(6, dtype=np.int64).reshape(2, 3) * np.array([1, -1, 1000000000000])
    emit('INT64_C_P2', check(pickle.dumps(i64, protocol=2), i64))
    f32f = np.asfortranarray(np.array([[1.5, -2.0, 3.25], [4.0, 0.1, -0.0]], dtype=np.float32))
    emit('FLOAT32_F_P4', check(pickle.dumps(f32f, protocol=4), f32f))
    f64be = np.array([1.0, -2.5, 1e-300], dtype='>f8')
    emit('FLOAT64_BE_P2', check(pickle.dumps(f64be, protocol=2), f64be))
    i32py2 = np.array([[0, 1], [1, 0], [258, -3]], dtype=np.int32)
    emit('INT32_PY2', check(py2_array(i32py2), i32py2))
    f64fpy2 = np.asfortranarray(np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))
    emit('FLOAT64_F_PY2', check(py2_array(f64fpy2), f64fpy2))
    u8f3 = np.asfortranarray(np.array([[[100 * i + 10 * j + k for k in range(2)] for j in range(2)] for i in range(2)], dtype=np.uint8))
    emit('UINT8_F3_PY2', check(py2_array(u8f3), u8f3))
    ustr = np.array(['ab', 'c\u00e9d'])
    emit('STR_U_P2', check(pickle.dumps(ustr, protocol=2), ustr))
    scalars = {'i': np.int64(-5), 'f': np.float32(0.5), 'b': np.bool_(True)}
    emit('NUMPY_SCALARS_P2', check(pickle.dumps(scalars, protocol=2), scalars))
    emit('OBJECT_ARRAY_P2', pickle.dumps(np.array([1, 'a'], dtype=object), protocol=2))
    f32p5 = np.array([[0.5, 1.0]], dtype=np.float32)
    emit('FLOAT32_P5', check(pickle.dumps(f32p5, protocol=5), f32p5))

    csr = sp.csr_matrix(np.array([[0, 1.5, 0, 0], [0, 0, 0, 0], [2.0, 0, 0, -1.0]], dtype=np.float32))
    emit('CSR_PY2', check(py2_csr(csr), csr))
    emit('CSR_P2', check(pickle.dumps(csr, protocol=2), csr))
    csc = sp.csc_matrix(np.array([[0, 1.0], [2.0, 3.0], [0, 0]]))
    emit('CSC_P4', check(pickle.dumps(csc, protocol=4), csc))
    coo = sp.coo_matrix((np.array([1.0, 2.0, 4.0]), (np.array([0, 1, 0]), np.array([1, 0, 1]))), shape=(2, 2))
    emit('COO_P4', check(pickle.dumps(coo, protocol=4), coo.tocsr()))

    dd = collections.defaultdict(list)
    dd[0] += [1, 2]
    dd[1] += [0]
    dd[2] += []
    dd[300] += [70000]
    emit('DEFAULTDICT_P2', check(pickle.dumps(dd, protocol=2), dd))
    emit('DEFAULTDICT_PY2', check(py2_graph(dd), dd))

    # Never loaded here: pickling only records the reference.
    import os
    emit('EVIL_OS_SYSTEM_P0', pickle.dumps(Evil(os.system, 'echo pwned'), protocol=0))
    emit('EVIL_EVAL_P4', pickle.dumps(Evil(eval, '1+1'), protocol=4))

    # Tiny Planetoid sets (see PlanetoidReaderTest): 'tiny' (contiguous test index) and 'citeseer' (with a gap).
    allx = sp.csr_matrix(np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0]], dtype=np.float32))
    ally = np.array([[1, 0], [0, 1], [0, 1], [1, 0]], dtype=np.int32)
    tx = sp.csr_matrix(np.array([[0.5, 0, 0], [0, 0.25, 0], [0, 0, 2]], dtype=np.float32))
    ty = np.array([[0, 1], [1, 0], [0, 1]], dtype=np.int32)
    tiny = {'x': allx[:2], 'y': ally[:2], 'allx': allx, 'ally': ally, 'tx': tx, 'ty': ty,
            'graph': {0: [1, 1, 0], 1: [0, 2], 2: [1, 6], 3: [], 4: [5], 5: [4], 6: [2, 6]}}
    for k, v in tiny.items():
        data = py2_graph(v) if k == 'graph' else py2_csr(v) if sp.issparse(v) else py2_array(v)
        emit('TINY_' + k.upper(), check(data, v if k != 'graph' else collections.defaultdict(list, v)))
    cs_tx = sp.csr_matrix(np.array([[0.5, 0, 0], [0, 0, 3]], dtype=np.float32))
    cs_ty = np.array([[0, 1], [1, 0]], dtype=np.int32)
    cs_graph = {0: [1], 1: [0], 2: [7], 3: [], 4: [], 5: [5], 6: [], 7: [2]}
    emit('CITESEER_TX', check(py2_csr(cs_tx), cs_tx))
    emit('CITESEER_TY', check(py2_array(cs_ty), cs_ty))
    emit('CITESEER_GRAPH', check(py2_graph(cs_graph), collections.defaultdict(list, cs_graph)))


if __name__ == '__main__':
    sys.exit(main())
