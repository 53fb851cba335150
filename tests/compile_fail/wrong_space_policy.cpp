// Must NOT compile: a host policy used on a device array. The test checks the compiler names the problem.
#include <ndthrust/ndthrust.h>

int main() {
  auto d = nd::zeros<float>({4});
  auto c = nd::copy(nd::host, d);
  return static_cast<int>(c.size());
}
