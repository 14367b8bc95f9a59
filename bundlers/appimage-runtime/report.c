#include "report.h"

#include <stdarg.h>
#include <stdio.h>

void weft_report(const char *format, ...) {
  char line[1024];
  va_list args;
  va_start(args, format);
  vsnprintf(line, sizeof line, format, args);
  va_end(args);
  for (char *c = line; *c; ++c) {
    if (*c == '\n') *c = ' ';
  }
  fprintf(stderr, "AppImage runtime: error: %s\n", line);
}
