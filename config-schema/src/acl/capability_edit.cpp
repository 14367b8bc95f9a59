#include <weft/config-schema/acl/capability_edit.hpp>

#include "source_document.hpp"

#include <weft/base/atomic_file.hpp>
#include <weft/base/file.hpp>

#include <fmt/format.h>

#include <optional>
#include <sys/stat.h>
#include <vector>

namespace weft::config::acl {

namespace {

struct ListView {
  SourceDocument doc;
  std::string pointer; // of the permissions array
  SourceDocument::Range range;
  std::vector<SourceDocument::Range> items;
};

Result<ListView> find_list(std::string_view text, const std::string& path, FileFormat format,
                           std::string_view capability_pointer) {
  WEFT_TRY_ASSIGN(SourceDocument doc, SourceDocument::parse(std::string(text), path, format));
  std::string pointer = std::string(capability_pointer) + "/permissions";
  nlohmann::json::json_pointer p(pointer);
  if (!doc.value().contains(p) || !doc.value()[p].is_array())
    return fail(Error::at(doc.locate(capability_pointer), "this capability has no `permissions` list to edit"));
  auto range = doc.value_range(pointer);
  std::string_view t = doc.text();
  if (!range || range->end <= range->begin || t[range->begin] != '[' || t[range->end - 1] != ']' ||
      t.substr(range->begin, 2) == "[[")
    return fail(Error::at(doc.locate(pointer), "the `permissions` list is not written as one [...] list here")
                    .with_hint("edit this file by hand, or write the list inline: permissions = [\"...\"]"));
  ListView view{std::move(doc), pointer, *range, {}};
  size_t n = view.doc.value()[p].size();
  for (size_t i = 0; i < n; ++i) {
    auto item = view.doc.value_range(fmt::format("{}/{}", pointer, i));
    if (!item) return fail(Error::at(view.doc.locate(pointer), "cannot find the entries of the `permissions` list"));
    view.items.push_back(*item);
  }
  return view;
}

std::string line_indent(std::string_view text, size_t offset) {
  size_t start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  start = start == std::string_view::npos ? 0 : start + 1;
  size_t end = start;
  while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
  return std::string(text.substr(start, end - start));
}

bool only_space_and_one_comma(std::string_view s) {
  int commas = 0;
  for (char c : s) {
    if (c == ',')
      ++commas;
    else if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
      return false;
  }
  return commas == 1;
}

std::string quoted(std::string_view identifier) { return nlohmann::json(std::string(identifier)).dump(); }

// The edited text must parse to exactly `expected`.
Result<std::string> verified(std::string text, const std::string& path, FileFormat format,
                             const nlohmann::json& expected) {
  auto doc = SourceDocument::parse(text, path, format);
  if (!doc || doc->value() != expected)
    return fail(Error::input(fmt::format("editing {} in place did not give the intended result; nothing was changed", path))
                    .with_hint("edit the file by hand"));
  return text;
}

bool is_entry_for(const nlohmann::json& entry, std::string_view identifier) {
  if (entry.is_string()) return entry.get<std::string>() == identifier;
  if (entry.is_object()) {
    auto id = entry.find("identifier");
    return id != entry.end() && id->is_string() && id->get<std::string>() == identifier;
  }
  return false;
}

} // namespace

Result<std::string> add_permission_text(std::string_view text, const std::string& path, FileFormat format,
                                        std::string_view capability_pointer, std::string_view identifier) {
  WEFT_TRY_ASSIGN(ListView list, find_list(text, path, format, capability_pointer));
  nlohmann::json::json_pointer p(list.pointer);
  for (const nlohmann::json& entry : list.doc.value()[p])
    if (is_entry_for(entry, identifier))
      return fail(Error::at(list.doc.locate(list.pointer), fmt::format("`{}` is already in this list", identifier)));
  std::string_view t = list.doc.text();
  std::string out;
  if (list.items.empty()) {
    // `[]` or `[ ... ]` holding only space or comments: write the one entry.
    out = std::string(t.substr(0, list.range.begin + 1)) + quoted(identifier) + std::string(t.substr(list.range.end - 1));
  } else {
    const SourceDocument::Range& last = list.items.back();
    std::string separator;
    if (list.items.size() >= 2) {
      std::string_view between = t.substr(list.items[list.items.size() - 2].end,
                                          last.begin - list.items[list.items.size() - 2].end);
      if (only_space_and_one_comma(between)) separator = std::string(between);
    }
    if (separator.empty()) {
      bool multiline = t.substr(list.range.begin, last.begin - list.range.begin).find('\n') != std::string_view::npos;
      separator = multiline ? ",\n" + line_indent(t, last.begin) : ", ";
    }
    out = std::string(t.substr(0, last.end)) + separator + quoted(identifier) + std::string(t.substr(last.end));
  }
  nlohmann::json expected = list.doc.value();
  expected[p].push_back(std::string(identifier));
  return verified(std::move(out), path, format, expected);
}

Result<std::string> remove_permission_text(std::string_view text, const std::string& path, FileFormat format,
                                           std::string_view capability_pointer, std::string_view identifier) {
  std::string current(text);
  bool removed = false;
  for (;;) {
    WEFT_TRY_ASSIGN(ListView list, find_list(current, path, format, capability_pointer));
    nlohmann::json::json_pointer p(list.pointer);
    const nlohmann::json& entries = list.doc.value()[p];
    size_t index = entries.size();
    for (size_t i = 0; i < entries.size(); ++i)
      if (is_entry_for(entries[i], identifier)) {
        index = i;
        break;
      }
    if (index == entries.size()) {
      if (removed) return current;
      return fail(Error::at(list.doc.locate(list.pointer), fmt::format("`{}` is not in this list", identifier)));
    }
    if (entries.size() == 1)
      return fail(Error::at(list.doc.locate(list.pointer),
                            fmt::format("`{}` is the capability's only permission; a capability must grant something",
                                        identifier))
                      .with_hint("delete the capability instead, or add another permission first"));
    std::string_view t = list.doc.text();
    size_t n = list.items.size();
    SourceDocument::Range cut = index + 1 < n ? SourceDocument::Range{list.items[index].begin, list.items[index + 1].begin}
                                              : SourceDocument::Range{list.items[index - 1].end, list.items[index].end};
    std::string out = std::string(t.substr(0, cut.begin)) + std::string(t.substr(cut.end));
    nlohmann::json expected = list.doc.value();
    expected[p].erase(index);
    WEFT_TRY_ASSIGN(current, verified(std::move(out), path, format, expected));
    removed = true;
  }
}

Result<void> apply_edits(std::span<const FileEdit> edits) {
  std::vector<AtomicFile> staged;
  std::vector<mode_t> modes;
  for (const FileEdit& edit : edits) {
    WEFT_TRY_ASSIGN(std::string on_disk, read_file(edit.path));
    if (on_disk != edit.original)
      return fail(Error::input(fmt::format("{} changed while weft was editing it; nothing was changed", edit.path.string()))
                      .with_hint("run the command again"));
    struct stat st {};
    mode_t mode = ::stat(edit.path.c_str(), &st) == 0 ? static_cast<mode_t>(st.st_mode & 07777) : k_mode_file;
    modes.push_back(mode);
    WEFT_TRY_ASSIGN(AtomicFile file, AtomicFile::create(edit.path, mode));
    WEFT_TRY(file.write(edit.text));
    staged.push_back(std::move(file));
  }
  for (size_t i = 0; i < staged.size(); ++i) {
    auto committed = staged[i].commit();
    if (committed) continue;
    Error error = std::move(committed).error();
    for (size_t k = 0; k < i; ++k) {
      auto restored = write_file_atomic(edits[k].path, edits[k].original, modes[k]);
      if (!restored)
        error.with_related(Error::input(fmt::format("could not restore {}: {}", edits[k].path.string(),
                                                    restored.error().message())));
    }
    return fail(std::move(error).with_context("editing the capability files (the others were left as they were)"));
  }
  return {};
}

} // namespace weft::config::acl
