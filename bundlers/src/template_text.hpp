#pragma once

#include <tl/expected.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace weft::bundlers {

}

// Generated from bundlers/templates/android/ at build time (cmake/embed_text.cmake).
namespace weft::embedded {
std::string_view icon_android_launcher_xml();
std::string_view icon_android_launcher_monochrome_xml();
std::string_view icon_android_launcher_background_xml();
} // namespace weft::embedded

namespace weft::bundlers {

using TemplateValue = std::pair<std::string_view, std::string_view>;

// Replaces each {{name}} in `text` by its value. Every placeholder must have
// a value and every value a placeholder: a mismatch is a bug in weft, thrown
// as std::logic_error.
std::string fill_template(std::string_view text, std::initializer_list<TemplateValue> values);

// For templates users write: a placeholder without a value is the error
// returned (naming it); values without a placeholder are fine.
tl::expected<std::string, std::string> fill_user_template(std::string_view text,
                                                          std::initializer_list<TemplateValue> values);

} // namespace weft::bundlers
