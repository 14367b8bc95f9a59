// The asset protocol in WebKit: weft://localhost/… answered from the
// AssetStore, and the WebKitWebContexts that serve it.
#include "app_core.hpp"

#include "path_commands.hpp"

#include <libsoup/soup.h>

namespace weft::detail {
namespace {

void release_owner(gpointer owner) { delete static_cast<std::shared_ptr<const std::string>*>(owner); }

void serve_asset(WebKitURISchemeRequest* request, gpointer core) {
  const runtime::AssetResponse response =
      static_cast<AppCore*>(core)->assets().serve(webkit_uri_scheme_request_get_uri(request));
  GBytes* bytes = response.owner
                      ? g_bytes_new_with_free_func(response.body.data(), response.body.size(), release_owner,
                                                   new std::shared_ptr<const std::string>(response.owner))
                      : g_bytes_new_static(response.body.data(), response.body.size());
  GInputStream* stream = g_memory_input_stream_new_from_bytes(bytes);
  g_bytes_unref(bytes);
  WebKitURISchemeResponse* answer = webkit_uri_scheme_response_new(stream, static_cast<gint64>(response.body.size()));
  g_object_unref(stream);
  webkit_uri_scheme_response_set_status(answer, static_cast<guint>(response.status), response.reason.c_str());
  webkit_uri_scheme_response_set_content_type(answer, response.mime.c_str());
  // WebKit takes the type from these headers once they are set, so it goes in both.
  SoupMessageHeaders* headers = soup_message_headers_new(SOUP_MESSAGE_HEADERS_RESPONSE);
  soup_message_headers_append(headers, "Content-Type", response.mime.c_str());
  for (const auto& [name, value] : response.headers) soup_message_headers_append(headers, name.c_str(), value.c_str());
  webkit_uri_scheme_response_set_http_headers(answer, headers);
  webkit_uri_scheme_request_finish_with_response(request, answer);
  g_object_unref(answer);
}

} // namespace

WebKitWebContext* AppCore::web_context(bool incognito, const std::optional<std::string>& proxy) {
  const std::string key = std::string(incognito ? "ephemeral" : "persistent") + "|" + proxy.value_or("");
  if (auto it = m_web_contexts.find(key); it != m_web_contexts.end()) return it->second;

  WebKitWebsiteDataManager* data = nullptr;
  if (incognito) {
    data = webkit_website_data_manager_new_ephemeral();
  } else {
    // The app's own folders (XDG), so that apps never share storage.
    const std::string identifier = config_text("identifier").empty() ? "weft-app" : config_text("identifier");
    const runtime::EnvLookup env = runtime::process_environment();
    Result<std::string> data_dir = runtime::resolve_directory("appData", identifier, env);
    Result<std::string> cache_dir = runtime::resolve_directory("appCache", identifier, env);
    if (data_dir && cache_dir)
      data = webkit_website_data_manager_new("base-data-directory", data_dir->c_str(), "base-cache-directory",
                                             cache_dir->c_str(), nullptr);
    else
      data = webkit_website_data_manager_new_ephemeral();
  }
  if (proxy) {
    WebKitNetworkProxySettings* settings = webkit_network_proxy_settings_new(proxy->c_str(), nullptr);
    webkit_website_data_manager_set_network_proxy_settings(data, WEBKIT_NETWORK_PROXY_MODE_CUSTOM, settings);
    webkit_network_proxy_settings_free(settings);
  }
  WebKitWebContext* context = webkit_web_context_new_with_website_data_manager(data);
  g_object_unref(data);
  const std::string scheme(runtime::k_asset_scheme);
  webkit_web_context_register_uri_scheme(context, scheme.c_str(), serve_asset, this, nullptr);
  WebKitSecurityManager* security = webkit_web_context_get_security_manager(context);
  webkit_security_manager_register_uri_scheme_as_secure(security, scheme.c_str());
  webkit_security_manager_register_uri_scheme_as_cors_enabled(security, scheme.c_str());
  m_web_contexts.emplace(key, context);
  return context;
}

} // namespace weft::detail
