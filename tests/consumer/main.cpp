// A user's program against an installed ndthrust: arrays, a transpose, a copy to the host, checked values.
#include <ndthrust/ndthrust.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <vector>

int main() {
  try {
    // The headers must agree with the package's backend (a wrong THRUST_DEVICE_SYSTEM would not).
    if (std::strcmp(NDTHRUST_BACKEND_NAME, EXPECTED_BACKEND_NAME) != 0) {
      std::fprintf(stderr, "backend %s, package says %s\n", NDTHRUST_BACKEND_NAME, EXPECTED_BACKEND_NAME);
      return 1;
    }
    auto m = nd::reshape(nd::arange<int>(nd::device, 0, 12), {3, 4});
    auto t = nd::ascontiguousarray(nd::transpose(m));
    auto h = nd::to_host(t);
    auto z = nd::to_vector(nd::zeros<double>({2, 2}));
    int bad = 0;
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 3; ++j) bad += h.at(i, j) != j * 4 + i;
    bad += h.shape() != nd::shape_t{4, 3};
    bad += z != std::vector<double>(4, 0.0);
    std::printf("consumer (%s): %s\n", NDTHRUST_BACKEND_NAME, bad ? "MISMATCH" : "ok");
    return bad ? 1 : 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "consumer failed: %s\n", e.what());
    return 2;
  }
}
