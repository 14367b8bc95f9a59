/* The baseline for bench/runtime.sh: the least a GTK 3 + WebKitGTK 4.1 program
 * does to show the same page as bench/runtime_app.cpp (one window, the page
 * from a custom scheme, a script message on DOMContentLoaded), without weft.
 * Prints "loaded <CLOCK_REALTIME ns> <ms since navigation start>", then runs
 * until SIGTERM. */
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>

#include <stdio.h>
#include <time.h>

static const char* k_page =
    "<!doctype html><html><head><meta charset=\"utf-8\"><title>Hello</title>"
    "<style>body{font-family:sans-serif;background:#f6f8fa}main{max-width:32rem;margin:15vh auto}</style>"
    "<script>document.addEventListener('DOMContentLoaded', () => "
    "window.webkit.messageHandlers.bench.postMessage(String(performance.now())));</script></head>"
    "<body><main><h1>Hello from WebKitGTK</h1><p>A page served from a custom scheme.</p></main></body></html>";

static void serve(WebKitURISchemeRequest* request, gpointer data) {
  (void)data;
  GInputStream* stream = g_memory_input_stream_new_from_data(k_page, -1, NULL);
  webkit_uri_scheme_request_finish(request, stream, -1, "text/html");
  g_object_unref(stream);
}

static void on_loaded(WebKitUserContentManager* manager, WebKitJavascriptResult* result, gpointer data) {
  (void)manager;
  (void)data;
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  char* since = jsc_value_to_string(webkit_javascript_result_get_js_value(result));
  printf("loaded %lld %s\n", (long long)now.tv_sec * 1000000000LL + now.tv_nsec, since);
  fflush(stdout);
  g_free(since);
}

int main(int argc, char** argv) {
  gtk_init(&argc, &argv);
  webkit_web_context_register_uri_scheme(webkit_web_context_get_default(), "bench", serve, NULL, NULL);
  WebKitUserContentManager* content = webkit_user_content_manager_new();
  g_signal_connect(content, "script-message-received::bench", G_CALLBACK(on_loaded), NULL);
  webkit_user_content_manager_register_script_message_handler(content, "bench");
  GtkWidget* window = gtk_window_new(GTK_WINDOW_TOPLEVEL);
  GtkWidget* view = webkit_web_view_new_with_user_content_manager(content);
  gtk_container_add(GTK_CONTAINER(window), view);
  gtk_window_set_default_size(GTK_WINDOW(window), 800, 600);
  webkit_web_view_load_uri(WEBKIT_WEB_VIEW(view), "bench://localhost/");
  gtk_widget_show_all(window);
  g_signal_connect(window, "destroy", G_CALLBACK(gtk_main_quit), NULL);
  gtk_main();
  return 0;
}
