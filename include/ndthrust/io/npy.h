// ndthrust/io/npy.h — reading and writing NumPy's .npy files (format versions 1.0, 2.0 and 3.0).
//
// load_npy reads into a C-contiguous host array, whatever the file's order and byte order; save_npy writes any
// view of any space as NumPy's np.save does (version 1.0 unless the header needs 2.0, C order, little-endian,
// header padded to 64 bytes). Malformed files raise nd::format_error, unsupported dtypes nd::dtype_error.
#pragma once

#include <ndthrust/copy.h>
#include <ndthrust/core/array.h>
#include <ndthrust/transfer.h>

#include <cstdint>
#include <string>

namespace nd {

/// What a .npy header says.
struct npy_header {
  dtype type;
  shape_t shape;
  bool fortran_order;
  int version;      // major version: 1, 2 or 3
  bool byteswapped; // the data is big-endian and is swapped on load
};

/// Parses and validates the header of a .npy file (not its data).
npy_header read_npy_header(const std::string& path);

namespace detail {
/// A parsed header and where the data starts.
struct npy_file {
  npy_header header;
  std::uint64_t data_offset;
};
npy_file open_npy(const std::string& path);
/// Reads the data of a file opened by open_npy into `dst` (file order, native byte order, bools as 0/1); checks
/// that the file holds all of it.
void read_npy_data(const std::string& path, const npy_file& f, void* dst);
/// Checks, before anything is allocated, that the file holds all the data its header declares; returns its bytes.
std::uint64_t check_npy_data(const std::string& path, const npy_file& f);
/// Writes `data` (C-contiguous host memory of `shape`) as a .npy file.
void write_npy(const std::string& path, dtype type, const shape_t& shape, const void* data);
[[noreturn]] void throw_npy_dtype_mismatch(const std::string& path, dtype file, dtype wanted);
} // namespace detail

/// Loads a .npy file whose dtype is T into a C-contiguous host array.
template <class T>
host_array<T> load_npy(const std::string& path) {
  auto f = detail::open_npy(path);
  if (f.header.type != dtype_of<T>) detail::throw_npy_dtype_mismatch(path, f.header.type, dtype_of<T>);
  const shape_t& shape = f.header.shape;
  detail::check_npy_data(path, f);
  auto r               = empty<T>(host, shape);
  if (!f.header.fortran_order || shape.size() < 2) {
    detail::read_npy_data(path, f, r.raw());
    return r;
  }
  // Fortran order: read into a buffer viewed with column-major strides, then copy into C order.
  strides_t fs = strides_t::filled(shape.size(), 1);
  for (int d = 1; d < shape.size(); ++d) fs[d] = fs[d - 1] * (shape[d - 1] > 0 ? shape[d - 1] : 1);
  auto buf = empty<T>(host, shape);
  detail::read_npy_data(path, f, buf.raw());
  host_array<T> fview(buf.storage(), buf.storage_size(), shape, fs, 0);
  copyto(host, r, fview);
  return r;
}

/// Saves any view (host or device) as a .npy file that np.load reads back with the same shape and values.
template <class T, class S>
void save_npy(const std::string& path, const array<T, S>& a) {
  auto h = to_host(ascontiguousarray(a));
  detail::write_npy(path, dtype_of<T>, h.shape(), h.raw());
}

} // namespace nd
