// .npy files and printing, against files and strings written by NumPy (tests/golden/io/make_golden.py).
#include <ndthrust/ndthrust.h>

#include "support/dtypes.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::string golden(const std::string& name) { return std::string(NDTHRUST_GOLDEN_DIR) + "/io/" + name; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// A directory of its own for each test, removed afterwards.
class temp_dir {
public:
  temp_dir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("ndthrust_test_io_") + info->test_suite_name() + "_" + info->name() + "_" +
                       std::to_string(std::random_device{}());
    for (char& c : name)
      if (c == '/') c = '_';
    path_ = fs::temp_directory_path() / name;
    fs::create_directories(path_);
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
  fs::path path_;
};

// --- values ----------------------------------------------------------------------------------------------------------

template <class T>
T parse_value(const std::string& s) {
  if constexpr (std::is_same_v<T, bool>) return s == "1";
  else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) return static_cast<T>(std::stoll(s));
  else if constexpr (std::is_integral_v<T>) return static_cast<T>(std::stoull(s));
  else if constexpr (std::is_floating_point_v<T>) return static_cast<T>(std::strtod(s.c_str(), nullptr));
  else {
    auto comma = s.find(',');
    using F    = typename T::value_type;
    return T(static_cast<F>(std::strtod(s.substr(0, comma).c_str(), nullptr)),
             static_cast<F>(std::strtod(s.substr(comma + 1).c_str(), nullptr)));
  }
}

/// Bitwise-meaningful equality: NaN equals NaN, -0.0 differs from 0.0.
template <class T>
bool same(const T& a, const T& b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return a == b && std::signbit(a) == std::signbit(b);
  } else if constexpr (nd::is_complex_v<T>) {
    return same(a.real(), b.real()) && same(a.imag(), b.imag());
  } else {
    return a == b;
  }
}

template <class T>
::testing::AssertionResult same_values(const std::vector<T>& got, const std::vector<T>& want) {
  if (got.size() != want.size())
    return ::testing::AssertionFailure() << "size " << got.size() << " != " << want.size();
  for (std::size_t i = 0; i < got.size(); ++i)
    if (!same(got[i], want[i])) return ::testing::AssertionFailure() << "element " << i << " differs";
  return ::testing::AssertionSuccess();
}

template <class T, class S>
std::vector<T> elements(const nd::array<T, S>& a) {
  auto h = nd::to_host(nd::ascontiguousarray(a));
  return std::vector<T>(h.raw(), h.raw() + h.size());
}

/// A deterministic value of each dtype with both signs, fractions and (for unsigned) wrap-around.
template <class T>
T sample(int i) {
  if constexpr (std::is_same_v<T, bool>) return i % 3 == 1;
  else if constexpr (std::is_integral_v<T>) return static_cast<T>(i * 7 - 20);
  else if constexpr (std::is_floating_point_v<T>) return static_cast<T>((i - 5.5) * 0.37);
  else return T(static_cast<typename T::value_type>(i * 0.5), static_cast<typename T::value_type>(-i * 1.25));
}

template <class T>
nd::host_array<T> sample_array(const nd::shape_t& shape) {
  auto a = nd::empty<T>(nd::host, shape);
  for (nd::index_t i = 0; i < a.size(); ++i) a.raw()[i] = sample<T>(static_cast<int>(i));
  return a;
}

template <class T>
struct tag {
  using type = T;
};
template <class F>
void with_dtype(const std::string& name, F&& f) {
  if (name == "bool") f(tag<bool>{});
  else if (name == "int8") f(tag<std::int8_t>{});
  else if (name == "int16") f(tag<std::int16_t>{});
  else if (name == "int32") f(tag<std::int32_t>{});
  else if (name == "int64") f(tag<std::int64_t>{});
  else if (name == "uint8") f(tag<std::uint8_t>{});
  else if (name == "uint16") f(tag<std::uint16_t>{});
  else if (name == "uint32") f(tag<std::uint32_t>{});
  else if (name == "uint64") f(tag<std::uint64_t>{});
  else if (name == "float32") f(tag<float>{});
  else if (name == "float64") f(tag<double>{});
  else if (name == "complex64") f(tag<nd::complex64>{});
  else if (name == "complex128") f(tag<nd::complex128>{});
  else ADD_FAILURE() << "unknown dtype " << name;
}

// --- the golden manifest -----------------------------------------------------------------------------------------

struct golden_file {
  std::string name, dtype;
  bool fortran = false;
  int version  = 0;
  nd::shape_t shape;
  std::vector<std::string> values;
};

const std::map<std::string, golden_file>& manifest() {
  static const std::map<std::string, golden_file> files = [] {
    std::map<std::string, golden_file> m;
    std::istringstream in(read_file(golden("manifest.txt")));
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream ls(line);
      golden_file g;
      int fortran, ndim;
      ls >> g.name >> g.dtype >> fortran >> g.version >> ndim;
      g.fortran = fortran != 0;
      for (int d = 0; d < ndim; ++d) {
        nd::index_t e;
        ls >> e;
        g.shape.push_back(e);
      }
      std::string tok;
      ls >> tok; // "|"
      while (ls >> tok) g.values.push_back(tok);
      m[g.name] = g;
    }
    return m;
  }();
  return files;
}

const golden_file& entry(const std::string& name) {
  auto it = manifest().find(name);
  if (it == manifest().end()) throw std::runtime_error("no golden entry " + name);
  return it->second;
}

template <class T>
std::vector<T> golden_values(const golden_file& g) {
  std::vector<T> v;
  for (const auto& s : g.values) v.push_back(parse_value<T>(s));
  return v;
}

/// A .npy file with the given header text (padded as NumPy pads it) and data bytes.
std::string npy_bytes(const std::string& header, const std::string& data = "", int version = 1) {
  std::string h         = header;
  std::size_t prefix    = version == 1 ? 10 : 12;
  std::size_t total     = h.size() + 1;
  total += (64 - (prefix + total) % 64) % 64;
  h.append(total - 1 - h.size(), ' ');
  h += '\n';
  std::string out = std::string("\x93NUMPY", 6) + static_cast<char>(version) + '\0';
  for (std::size_t k = 0; k < (version == 1 ? 2u : 4u); ++k) out += static_cast<char>((total >> (8 * k)) & 0xff);
  return out + h + data;
}

} // namespace

// --- typed round trips -------------------------------------------------------------------------------------------

template <class T>
class NpyTyped : public ::testing::Test {};
TYPED_TEST_SUITE(NpyTyped, ndtest::all_dtypes);

TYPED_TEST(NpyTyped, RoundTripHostAndDevice) {
  using T = TypeParam;
  temp_dir tmp;
  auto h = sample_array<T>({3, 4});
  nd::save_npy(tmp.file("h.npy"), h);
  auto back = nd::load_npy<T>(tmp.file("h.npy"));
  EXPECT_EQ(back.shape(), h.shape());
  EXPECT_TRUE(back.is_contiguous());
  EXPECT_TRUE(same_values(elements(back), elements(h)));

  auto d = nd::to_device(h);
  nd::save_npy(tmp.file("d.npy"), d);
  EXPECT_EQ(read_file(tmp.file("d.npy")), read_file(tmp.file("h.npy")));

  auto hdr = nd::read_npy_header(tmp.file("d.npy"));
  EXPECT_EQ(hdr.type, nd::dtype_of<T>);
  EXPECT_EQ(hdr.shape, (nd::shape_t{3, 4}));
  EXPECT_FALSE(hdr.fortran_order);
  EXPECT_EQ(hdr.version, 1);
  EXPECT_FALSE(hdr.byteswapped);
}

TYPED_TEST(NpyTyped, NonContiguousViewsSaveAsNumPyWould) {
  using T = TypeParam;
  temp_dir tmp;
  auto h = sample_array<T>({3, 4});
  // A transposed device view: element (j, i) of the file is element (i, j) of h.
  auto t = nd::transpose(nd::to_device(h));
  nd::save_npy(tmp.file("t.npy"), t);
  auto tb = nd::load_npy<T>(tmp.file("t.npy"));
  ASSERT_EQ(tb.shape(), (nd::shape_t{4, 3}));
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j) EXPECT_TRUE(same(tb.raw()[j * 3 + i], h.raw()[i * 4 + j]));
  // h[::-1, 1::2] on the host.
  auto s = h(nd::slice(nd::none, nd::none, -1), nd::slice(1, nd::none, 2));
  nd::save_npy(tmp.file("s.npy"), s);
  auto sb = nd::load_npy<T>(tmp.file("s.npy"));
  ASSERT_EQ(sb.shape(), (nd::shape_t{3, 2}));
  std::vector<T> want;
  for (int i = 2; i >= 0; --i)
    for (int j = 1; j < 4; j += 2) want.push_back(h.raw()[i * 4 + j]);
  EXPECT_TRUE(same_values(elements(sb), want));
}

TYPED_TEST(NpyTyped, MatchesNumPyBytesAndValues) {
  using T                = TypeParam;
  const golden_file& g   = entry(std::string("all_") + nd::dtype_name<T>);
  auto a                 = nd::load_npy<T>(golden(g.name + ".npy"));
  EXPECT_EQ(a.shape(), g.shape);
  EXPECT_TRUE(same_values(elements(a), golden_values<T>(g)));
  // What we write for these values is byte for byte what np.save wrote.
  temp_dir tmp;
  nd::save_npy(tmp.file("again.npy"), nd::to_device(a));
  EXPECT_EQ(read_file(tmp.file("again.npy")), read_file(golden(g.name + ".npy")));
}

TYPED_TEST(NpyTyped, WrongDtypeNamesBoth) {
  using T    = TypeParam;
  auto path  = golden(std::string("all_") + nd::dtype_name<T> + ".npy");
  using Other = std::conditional_t<std::is_same_v<T, double>, float, double>;
  try {
    nd::load_npy<Other>(path);
    FAIL() << "expected nd::dtype_error";
  } catch (const nd::dtype_error& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find(nd::dtype_name<T>), std::string::npos) << msg;
    EXPECT_NE(msg.find(nd::dtype_name<Other>), std::string::npos) << msg;
  }
}

// --- NumPy's files -------------------------------------------------------------------------------------------------

TEST(Npy, LoadsEveryGoldenFile) {
  ASSERT_GE(manifest().size(), 20u);
  for (const auto& kv : manifest()) {
    const golden_file& g = kv.second;
    SCOPED_TRACE(g.name);
    auto path = golden(g.name + ".npy");
    auto hdr  = nd::read_npy_header(path);
    EXPECT_STREQ(nd::dtype_str(hdr.type), g.dtype.c_str());
    EXPECT_EQ(hdr.shape, g.shape);
    EXPECT_EQ(hdr.fortran_order, g.fortran);
    EXPECT_EQ(hdr.version, g.version);
    bool big = g.name.rfind("big_", 0) == 0;
    EXPECT_EQ(hdr.byteswapped, big);
    with_dtype(g.dtype, [&](auto t) {
      using T = typename decltype(t)::type;
      auto a  = nd::load_npy<T>(path);
      EXPECT_EQ(a.shape(), g.shape);
      EXPECT_TRUE(a.is_contiguous());
      EXPECT_TRUE(same_values(elements(a), golden_values<T>(g)));
    });
  }
}

TEST(Npy, FortranOrderIndexesAsNumPy) {
  // np.asfortranarray(np.arange(24).reshape(2, 3, 4)): a[i, j, k] == 12 i + 4 j + k whatever the file order.
  auto a = nd::load_npy<std::int32_t>(golden("fortran_int32.npy"));
  ASSERT_EQ(a.shape(), (nd::shape_t{2, 3, 4}));
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k) EXPECT_EQ(a.at(i, j, k), 12 * i + 4 * j + k);
}

TEST(Npy, ZeroDAndEmpty) {
  auto z = nd::load_npy<double>(golden("zero_d_float64.npy"));
  EXPECT_EQ(z.ndim(), 0);
  EXPECT_EQ(z.item(), 3.25);
  auto e = nd::load_npy<float>(golden("empty_float32.npy"));
  EXPECT_EQ(e.shape(), (nd::shape_t{0, 3}));
  temp_dir tmp;
  nd::save_npy(tmp.file("z.npy"), z);
  EXPECT_EQ(read_file(tmp.file("z.npy")), read_file(golden("zero_d_float64.npy")));
  nd::save_npy(tmp.file("e.npy"), e);
  EXPECT_EQ(read_file(tmp.file("e.npy")), read_file(golden("empty_float32.npy")));
}

TEST(Npy, SavedTransposeMatchesNumPy) {
  // np.ascontiguousarray(np.arange(12).reshape(3, 4).T) written by np.save.
  auto a = nd::reshape(nd::arange<std::int64_t>(nd::device, 0, 12), {3, 4});
  temp_dir tmp;
  nd::save_npy(tmp.file("t.npy"), nd::transpose(a));
  EXPECT_EQ(read_file(tmp.file("t.npy")), read_file(golden("transposed_int64.npy")));
}

TEST(Npy, UnsupportedDtypesNameTheDescr) {
  const std::pair<const char*, const char*> cases[] = {{"unsupported_f2.npy", "<f2"},
                                                       {"unsupported_object.npy", "|O"},
                                                       {"unsupported_struct.npy", "'<i4'"},
                                                       {"unsupported_datetime.npy", "<M8[ns]"},
                                                       {"unsupported_unicode.npy", "<U2"}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.first);
    try {
      nd::load_npy<double>(golden(c.first));
      ADD_FAILURE() << "expected nd::dtype_error";
    } catch (const nd::dtype_error& e) {
      EXPECT_NE(std::string(e.what()).find(c.second), std::string::npos) << e.what();
    }
    EXPECT_THROW(nd::read_npy_header(golden(c.first)), nd::dtype_error);
  }
}

TEST(Npy, AcceptsHeaderVariantsPythonWouldParse) {
  temp_dir tmp;
  std::string data(16, '\0');
  data[0] = 1, data[8] = 2;
  const char* headers[] = {
    "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }",
    "{\"shape\": (2,), \"descr\": \"<i8\", \"fortran_order\": False}", // any key order, double quotes, no comma
    "{'descr':'<i8','fortran_order':False,'shape':(2L,)}",             // Python 2 long suffix
    "{'descr': '=i8', 'fortran_order': True, 'shape': ( 2 , ) }",     // native order; 1-d Fortran is C
  };
  for (const char* h : headers) {
    SCOPED_TRACE(h);
    write_file(tmp.file("x.npy"), npy_bytes(h, data));
    auto a = nd::load_npy<std::int64_t>(tmp.file("x.npy"));
    EXPECT_EQ(elements(a), (std::vector<std::int64_t>{1, 2}));
  }
  write_file(tmp.file("v2.npy"), npy_bytes(headers[0], data, 2));
  EXPECT_EQ(nd::read_npy_header(tmp.file("v2.npy")).version, 2);
  EXPECT_EQ(elements(nd::load_npy<std::int64_t>(tmp.file("v2.npy"))), (std::vector<std::int64_t>{1, 2}));
}

// --- malformed files ---------------------------------------------------------------------------------------------

TEST(Npy, MalformedFilesGiveFormatErrors) {
  temp_dir tmp;
  const std::string ok_header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";
  const std::string data(16, '\x11');
  std::string valid = npy_bytes(ok_header, data);
  std::string long_len = valid;
  long_len[8]          = '\xff';
  std::string version4 = valid, minor1 = valid;
  version4[6] = 4;
  minor1[7]   = 1;
  std::string deep = "{'descr': '<f8', 'fortran_order': False, 'shape': " + std::string(5000, '(') + "}";
  const std::pair<const char*, std::string> cases[] = {
    {"empty file", ""},
    {"only magic", std::string("\x93NUMPY", 6)},
    {"bad magic", std::string("\x93NUMPZ") + valid.substr(6)},
    {"version 4.0", version4},
    {"version 1.1", minor1},
    {"header length past the end", long_len},
    {"header is a list", npy_bytes("[1, 2]", data)},
    {"header is empty", npy_bytes("", data)},
    {"missing key", npy_bytes("{'descr': '<f8', 'shape': (2,)}", data)},
    {"extra key", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}", data)},
    {"shape is a list", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': [2]}", data)},
    {"shape is an int", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': 2}", data)},
    {"parenthesised int", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2)}", data)},
    {"shape holds a float", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2.0,)}", data)},
    {"shape holds a string", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': ('2',)}", data)},
    {"negative dimension", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (-1, 2)}", data)},
    {"dimension past int64", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,)}", data)},
    {"size overflows", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296)}", data)},
    {"bytes overflow", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2305843009213693952,)}", data)},
    {"nine dimensions", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,2)}", data)},
    {"fortran_order not a bool", npy_bytes("{'descr': '<f8', 'fortran_order': 0, 'shape': (2,)}", data)},
    {"unterminated string", npy_bytes("{'descr': '<f8", data)},
    {"unclosed dict", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2,)", data)},
    {"missing colon", npy_bytes("{'descr' '<f8', 'fortran_order': False, 'shape': (2,)}", data)},
    {"text after the dict", npy_bytes(ok_header + " x", data)},
    {"deep nesting", npy_bytes(deep, data)},
    {"data truncated", npy_bytes(ok_header, data.substr(0, 9))},
    {"no data", npy_bytes(ok_header)},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.first);
    write_file(tmp.file("bad.npy"), c.second);
    try {
      nd::load_npy<double>(tmp.file("bad.npy"));
      ADD_FAILURE() << "no error";
    } catch (const nd::format_error& e) {
      EXPECT_NE(std::string(e.what()).find("bad.npy"), std::string::npos) << e.what();
    } catch (const std::exception& e) {
      ADD_FAILURE() << "not an nd::format_error: " << e.what();
    }
  }
  EXPECT_THROW(nd::load_npy<double>(tmp.file("does_not_exist.npy")), nd::format_error);
  EXPECT_THROW(nd::read_npy_header(tmp.file("does_not_exist.npy")), nd::error);
  EXPECT_THROW(nd::load_npy<double>(tmp.file("")), nd::error); // a directory, not a file
  EXPECT_THROW(nd::save_npy(tmp.file("no_such_dir/x.npy"), sample_array<double>({2})), nd::error);
}

TEST(Npy, FuzzTruncationsAndHeaderFlips) {
  temp_dir tmp;
  const char* files[] = {"all_float64", "fortran_int32", "v3_int16", "big_complex128"};
  for (const char* name : files) {
    SCOPED_TRACE(name);
    const golden_file& g = entry(name);
    std::string bytes    = read_file(golden(g.name + ".npy"));
    auto load            = [&] {
      with_dtype(g.dtype, [&](auto t) { nd::load_npy<typename decltype(t)::type>(tmp.file("f.npy")); });
    };
    // Every proper prefix of the file is a truncated file.
    for (std::size_t len = 0; len < bytes.size(); ++len) {
      write_file(tmp.file("f.npy"), bytes.substr(0, len));
      EXPECT_THROW(load(), nd::format_error) << "truncated at " << len;
    }
    // Flipping all bits of any header byte breaks the header; smaller flips may leave it valid, but must never
    // give anything but an nd::error.
    std::size_t data_offset = bytes.size() - static_cast<std::size_t>(g.values.size()) *
                                               nd::itemsize(nd::read_npy_header(golden(g.name + ".npy")).type);
    for (std::size_t i = 0; i < data_offset; ++i) {
      for (unsigned mask : {0xffu, 0x01u}) {
        std::string f = bytes;
        f[i]          = static_cast<char>(static_cast<unsigned char>(f[i]) ^ mask);
        write_file(tmp.file("f.npy"), f);
        try {
          load();
          EXPECT_NE(mask, 0xffu) << "byte " << i << " flipped, still loads";
        } catch (const nd::error&) {
        } catch (const std::exception& e) {
          ADD_FAILURE() << "byte " << i << " mask " << mask << ": not an nd::error: " << e.what();
        }
      }
    }
  }
}

// --- printing ------------------------------------------------------------------------------------------------------

namespace {
struct print_case {
  std::string name, dtype, values, expect;
  nd::shape_t shape;
};

std::vector<print_case> print_cases() {
  std::vector<print_case> out;
  std::istringstream in(read_file(golden("print_cases.txt")));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("case ", 0) != 0) continue;
    print_case c;
    c.name = line.substr(5);
    std::getline(in, line);
    c.dtype = line.substr(6);
    std::getline(in, line);
    int ndim = std::stoi(line.substr(5));
    std::getline(in, line);
    std::istringstream ss(line.substr(5));
    for (int d = 0; d < ndim; ++d) {
      nd::index_t e;
      ss >> e;
      c.shape.push_back(e);
    }
    std::getline(in, c.values);
    std::getline(in, line); // "expect"
    std::string text;
    bool first = true;
    while (std::getline(in, line) && line != "end") {
      text += (first ? "" : "\n") + line;
      first = false;
    }
    c.expect = text;
    out.push_back(c);
  }
  return out;
}

/// The case's array on the host: explicit values, or (arange(size) / divisor) cast to T as NumPy computes it.
template <class T>
nd::host_array<T> case_array(const print_case& c) {
  auto a = nd::empty<T>(nd::host, c.shape);
  std::istringstream vs(c.values);
  std::string kind;
  vs >> kind;
  if (kind == "arange") {
    double div;
    vs >> div;
    for (nd::index_t i = 0; i < a.size(); ++i) {
      if constexpr (nd::is_complex_v<T>) a.raw()[i] = T(static_cast<typename T::value_type>(i / div));
      else a.raw()[i] = static_cast<T>(static_cast<double>(i) / div);
    }
  } else {
    std::string tok;
    for (nd::index_t i = 0; i < a.size() && vs >> tok; ++i) a.raw()[i] = parse_value<T>(tok);
  }
  return a;
}
} // namespace

TEST(Print, MatchesNumPyStr) {
  auto cases = print_cases();
  ASSERT_GE(cases.size(), 50u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    with_dtype(c.dtype, [&](auto t) {
      using T = typename decltype(t)::type;
      auto h  = case_array<T>(c);
      EXPECT_EQ(nd::array_str(h), c.expect);
      std::ostringstream os;
      os << nd::to_device(h);
      EXPECT_EQ(os.str(), c.expect);
    });
  }
}

TEST(Print, ViewsPrintTheirElements) {
  std::string want;
  for (const auto& c : print_cases())
    if (c.name == "int_2x3_transposed") want = c.expect;
  ASSERT_FALSE(want.empty());
  auto a = nd::reshape(nd::arange<std::int64_t>(nd::device, 0, 6), {2, 3});
  EXPECT_EQ(nd::array_str(nd::transpose(a)), want);
}

TEST(Print, SummariseAboveOneThousandElements) {
  auto exactly = nd::zeros<std::int32_t>({1000});
  EXPECT_EQ(nd::array_str(exactly).find("..."), std::string::npos);
  auto more = nd::zeros<std::int32_t>({1001});
  EXPECT_NE(nd::array_str(more).find("..."), std::string::npos);
}

// --- huge and hostile inputs -------------------------------------------------------------------------------------

TEST(Npy, NpyHugeShapeTruncatedIsAFormatErrorNotAnAllocation) {
  temp_dir tmp;
  // 2**33 float64 elements (64 GiB) declared, 16 bytes present: refused before allocating.
  write_file(tmp.file("h.npy"),
             npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (8589934592,), }", std::string(16, '\0')));
  try {
    nd::load_npy<double>(tmp.file("h.npy"));
    FAIL() << "no error";
  } catch (const nd::format_error& e) {
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
  }
  // Fortran order too (it allocates a second buffer).
  write_file(tmp.file("f.npy"), npy_bytes("{'descr': '<i4', 'fortran_order': True, 'shape': (65536, 65536), }"));
  EXPECT_THROW(nd::load_npy<std::int32_t>(tmp.file("f.npy")), nd::format_error);
  // A product that wraps 2**64 when multiplied by the itemsize.
  write_file(tmp.file("w.npy"),
             npy_bytes("{'descr': '<c16', 'fortran_order': False, 'shape': (4294967296, 268435456), }", "x"));
  EXPECT_THROW(nd::load_npy<nd::complex128>(tmp.file("w.npy")), nd::format_error);
}

TEST(Npy, NpyFuzzMutatedFilesThrowOrMatchTheirSize) {
  temp_dir tmp;
  std::mt19937_64 rng(20261202);
  const std::vector<std::string> descrs = {"<f8", "<i4", "|u1", "|b1", ">i2", "<c8", "<f4", "<i8", "x9", "<f", "", "<<i4"};
  const std::vector<std::string> dims   = {"0", "1", "3", "7", "100", "4096", "65536", "2147483648", "8589934592",
                                           "-1", "9223372036854775807", "99999999999999999999", "1.5", "a"};
  int loaded = 0;
  for (int iter = 0; iter < 300; ++iter) {
    std::string descr = descrs[rng() % descrs.size()];
    int nd_           = static_cast<int>(rng() % 4);
    std::string shape = "(";
    for (int d = 0; d < nd_; ++d) shape += dims[rng() % (rng() % 3 == 0 ? dims.size() : 4)] + ", ";
    shape += ")";
    std::string header = "{'descr': '" + descr + "', 'fortran_order': " + (rng() % 4 == 0 ? "True" : "False") +
                         ", 'shape': " + shape + ", }";
    std::string data(static_cast<std::size_t>(rng() % 300), '\0');
    for (char& c : data) c = static_cast<char>(rng() % 2); // 0/1: valid bools too
    std::string file = npy_bytes(header, data, rng() % 5 == 0 ? 2 : 1);
    switch (rng() % 5) { // mutate
    case 0: break;
    case 1: file.resize(static_cast<std::size_t>(rng() % (file.size() + 1))); break;
    case 2:
      for (int k = 0; k < 3; ++k) file[rng() % file.size()] = static_cast<char>(rng());
      break;
    case 3: file[8 + rng() % 2] = static_cast<char>(rng()); break; // the header length
    case 4: file = std::string(static_cast<std::size_t>(rng() % 200), static_cast<char>(rng())); break;
    }
    std::string path = tmp.file("f" + std::to_string(iter) + ".npy");
    write_file(path, file);
    try {
      auto f = nd::detail::open_npy(path);
      // The oracle: what the header declares must be present in the file.
      std::uint64_t held = file.size() - f.data_offset;
      auto check = [&](auto t) {
        using T = typename decltype(t)::type;
        auto a  = nd::load_npy<T>(path);
        EXPECT_EQ(a.shape(), f.header.shape);
        EXPECT_LE(static_cast<std::uint64_t>(a.size()) * sizeof(T), held) << header;
        ++loaded;
      };
      switch (f.header.type) {
      case nd::dtype::float64: check(tag<double>{}); break;
      case nd::dtype::int32: check(tag<std::int32_t>{}); break;
      case nd::dtype::uint8: check(tag<std::uint8_t>{}); break;
      case nd::dtype::bool_: check(tag<bool>{}); break;
      case nd::dtype::int16: check(tag<std::int16_t>{}); break;
      case nd::dtype::complex64: check(tag<nd::complex64>{}); break;
      case nd::dtype::float32: check(tag<float>{}); break;
      case nd::dtype::int64: check(tag<std::int64_t>{}); break;
      default: break;
      }
    } catch (const nd::error& e) {
      EXPECT_NE(std::string(e.what()), "");
    }
  }
  EXPECT_GT(loaded, 10); // the fuzzer also reaches the success path
}

TEST(Npy, SaveNpyAtomicFailureKeepsTheOldFile) {
  temp_dir tmp;
  std::string path = tmp.file("a.npy");
  nd::save_npy(path, sample_array<double>({4}));
  std::string before = read_file(path);
  {
    // An unwritable directory: the temporary cannot be created, the old file stays.
    std::string dir = tmp.file("sub");
    fs::create_directories(dir);
    nd::save_npy(dir + "/b.npy", sample_array<double>({2}));
    std::string b_before = read_file(dir + "/b.npy");
    fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
    bool can_write = std::ofstream(dir + "/probe").good(); // root ignores permissions
    if (!can_write) {
      EXPECT_THROW(nd::save_npy(dir + "/b.npy", sample_array<double>({9})), nd::format_error);
      EXPECT_EQ(read_file(dir + "/b.npy"), b_before);
    }
    fs::permissions(dir, fs::perms::owner_all);
  }
  // The rename fails (the target is a non-empty directory): the error is raised and the temporary removed.
  std::string d2 = tmp.file("d2.npy");
  fs::create_directories(d2 + "/x");
  EXPECT_THROW(nd::save_npy(d2, sample_array<double>({3})), nd::format_error);
  EXPECT_TRUE(fs::is_directory(d2 + "/x"));
  // Success replaces the file, and no temporaries are left anywhere.
  nd::save_npy(path, sample_array<double>({6}));
  EXPECT_NE(read_file(path), before);
  EXPECT_EQ(nd::load_npy<double>(path).size(), 6);
  for (const auto& e : fs::recursive_directory_iterator(tmp.file("")))
    EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos) << e.path();
}

TEST(Print, PrintHugeBroadcastSummarisesWithoutCopying) {
  auto one = nd::ones<double>({1});
  EXPECT_EQ(nd::array_str(nd::broadcast_to(one, {nd::index_t(1) << 40})), "[1. 1. 1. ... 1. 1. 1.]");
  const std::string row = "[1. 1. 1. ... 1. 1. 1.]";
  const std::string want2 = "[" + row + "\n " + row + "\n " + row + "\n ...\n " + row + "\n " + row + "\n " + row + "]";
  EXPECT_EQ(nd::array_str(nd::broadcast_to(one, {1 << 20, 1 << 20})), want2);
}

TEST(Print, PrintHugeBroadcastEdgesMatchTheFullCopy) {
  // Distinct values, views with odd strides, and more split axes than max_ndim allows at once.
  for (nd::shape_t shape : {nd::shape_t{40, 50}, nd::shape_t{1001}, nd::shape_t{3, 400, 2}, nd::shape_t{7, 7, 7, 7, 7},
                            nd::shape_t{2, 7, 8, 9, 10}}) {
    auto a = nd::reshape(nd::arange<std::int64_t>(nd::device, 0, nd::shape_size(shape)), shape);
    auto h = nd::to_host(a);
    EXPECT_EQ(nd::array_str(a), nd::detail::format_array(nd::dtype::int64, h.shape(), h.raw()));
    auto t  = nd::transpose(a);
    auto th = nd::to_host(nd::ascontiguousarray(t));
    EXPECT_EQ(nd::array_str(t), nd::detail::format_array(nd::dtype::int64, th.shape(), th.raw()));
  }
  auto b  = nd::reshape(nd::arange<double>(nd::device, 0, 2000), {2000}) ;
  auto bh = nd::to_host(b);
  EXPECT_EQ(nd::array_str(b), nd::detail::format_array(nd::dtype::float64, bh.shape(), bh.raw()));
}
