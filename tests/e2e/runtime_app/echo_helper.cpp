// The fixture's sidecar (bundle.externalBin "binaries/echo-helper"): prints
// each argument on a line of its own, then "done" on stderr. With the single
// argument "sleep" it prints its pid and sleeps, to show that the app kills
// it when it exits.
#include <cstdio>
#include <cstring>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "sleep") == 0) {
    std::printf("%d\n", static_cast<int>(getpid()));
    std::fflush(stdout);
    sleep(300);
    return 0;
  }
  for (int i = 1; i < argc; ++i) std::printf("%s\n", argv[i]);
  std::fflush(stdout);
  std::fprintf(stderr, "done\n");
  return 0;
}
