/* The runtime's only diagnostic: one line on stderr, prefixed so that the
 * user can tell it from the app's own output. */
#ifndef WEFT_APPIMAGE_REPORT_H
#define WEFT_APPIMAGE_REPORT_H

__attribute__((format(printf, 1, 2))) void weft_report(const char *format, ...);

#endif
