// Pieces of the Linux packages: version mapping, ELF reading, Debian
// dependency resolution from a dpkg database, the deterministic archive
// writer, the RPM header layout, package names and resource globs.
#include "../test_dir.hpp"

#include "resource_files.hpp"
#include "rpm_header.hpp"

#include <weft/base/atomic_file.hpp>
#include <weft/base/file.hpp>
#include <weft/bundlers/archive_writer.hpp>
#include <weft/bundlers/deb_dependencies.hpp>
#include <weft/bundlers/debian_version.hpp>
#include <weft/bundlers/elf_reader.hpp>
#include <weft/bundlers/linux_staging.hpp>
#include <weft/bundlers/rpm.hpp>

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <elf.h>
#include <fcntl.h>
#include <fstream>
#include <unistd.h>

namespace weft::bundlers {
namespace {

namespace fs = std::filesystem;

TEST(DebianVersion, MapsSemverPreReleaseAndBuild) {
  EXPECT_EQ(debian_version_from_semver("1.2.3"), "1.2.3");
  EXPECT_EQ(debian_version_from_semver("1.0.0-rc.1"), "1.0.0~rc.1");
  EXPECT_EQ(debian_version_from_semver("1.0.0-beta.2+build.5"), "1.0.0~beta.2+build.5");
  EXPECT_FALSE(debian_version_from_semver("1.0.0-rc-1"));
  EXPECT_FALSE(debian_version_from_semver("1.0.0+build-5"));
  EXPECT_FALSE(rpm_version_from_semver("1.0.0-rc-1"));
}

TEST(DebianVersion, OrdersLikeDpkg) {
  EXPECT_LT(compare_debian_versions("1.0.0~rc.1", "1.0.0"), 0);
  EXPECT_GT(compare_debian_versions("2.36", "2.4"), 0);
  EXPECT_GT(compare_debian_versions("1:1.1.4", "1.2.13"), 0);
  EXPECT_EQ(compare_debian_versions("1.0", "1.0"), 0);
  EXPECT_LT(compare_debian_versions("1.0-1", "1.0-2"), 0);
  EXPECT_GT(compare_debian_versions("1.0a", "1.0"), 0);
}

TEST(ElfReader, ReadsNeededAndVersionedImportsOfASystemProgram) {
  auto elf = read_elf("/bin/true");
  ASSERT_TRUE(elf) << elf.error().message();
  EXPECT_TRUE(elf->has_interpreter);
  EXPECT_NE(std::find(elf->needed.begin(), elf->needed.end(), "libc.so.6"), elf->needed.end());
  bool versioned = false;
  for (const ImportedSymbol& s : elf->imports)
    if (s.library == "libc.so.6" && s.version.starts_with("GLIBC_")) versioned = true;
  EXPECT_TRUE(versioned);
}

TEST(ElfReader, RejectsTruncatedAndForeignFiles) {
  weft::test::TempDir dir;
  auto bytes = read_file("/bin/true");
  ASSERT_TRUE(bytes);
  for (size_t cut : {size_t{20}, size_t{64}, size_t{200}, bytes->size() / 2}) {
    ASSERT_TRUE(write_file_atomic(dir / "cut", bytes->substr(0, cut)));
    auto elf = read_elf(dir / "cut"); // an error or a partial reading, never a crash
    if (!elf) {
      EXPECT_NE(elf.error().message().find("cut"), std::string::npos);
    }
  }
  ASSERT_TRUE(write_file_atomic(dir / "text", "#!/bin/sh\necho hello, this is not ELF at all\n"));
  EXPECT_FALSE(is_elf_file(dir / "text"));
  EXPECT_FALSE(read_elf(dir / "text"));
}

TEST(ElfReader, SurvivesCorruptedFiles) {
  weft::test::TempDir dir;
  auto original = read_file("/bin/true");
  ASSERT_TRUE(original);
  uint64_t state = 0x9e3779b97f4a7c15u;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  for (int round = 0; round < 300; ++round) {
    std::string bytes = *original;
    // Headers and tables live at the start and the end of the file.
    for (int k = 0; k < 6; ++k) {
      size_t region = next() % 2 ? 0 : bytes.size() - std::min<size_t>(bytes.size(), 4096);
      bytes[region + next() % std::min<size_t>(bytes.size() - region, 4096)] = static_cast<char>(next());
    }
    ASSERT_TRUE(write_file_atomic(dir / "mutant", bytes));
    auto elf = read_elf(dir / "mutant"); // any result but a crash (ASan checks the reads)
    (void)elf;
  }
}

// A dpkg info folder with one multi-arch and one unqualified symbols file
// for the same soname, a shlibs-only library and a foreign-arch file.
class DebDependenciesTest : public ::testing::Test {
protected:
  void SetUp() override {
    write("libfoo1:amd64.symbols", "libfoo.so.1 libfoo1 #MINVER#\n"
                                   "* Build-Depends-Package: libfoo-dev\n"
                                   " foo_old@Base 1.0\n"
                                   " foo_new@FOO_2 2.5~beta\n"
                                   " (symver)FOO_3 3.0\n");
    write("libfoo1-i386.symbols", "libfoo.so.1 libfoo1-i386 #MINVER#\n foo_old@Base 9.0\n");
    write("libbar2:amd64.shlibs", "libbar 2 libbar2 (>= 2.1)\n");
    write("libbaz0:arm64.shlibs", "libbaz 0 libbaz0 (>= 1)\n");
  }
  void write(const std::string& name, const std::string& text) {
    ASSERT_TRUE(write_file_atomic(m_dir / name, text));
  }
  PackagedObject object(std::vector<std::string> needed, std::vector<ImportedSymbol> imports) {
    PackagedObject o;
    o.path = "usr/bin/app";
    o.elf.needed = std::move(needed);
    o.elf.imports = std::move(imports);
    return o;
  }
  weft::test::TempDir m_dir;
};

TEST_F(DebDependenciesTest, MinimumVersionIsTheHighestAmongImportedSymbols) {
  auto deps = debian_dependencies({object({"libfoo.so.1"}, {{"foo_old", "", ""}})}, m_dir.path(), "amd64");
  EXPECT_EQ(deps.depends, std::vector<std::string>{"libfoo1 (>= 1.0)"});
  deps = debian_dependencies({object({"libfoo.so.1"}, {{"foo_old", "", ""}, {"foo_new", "FOO_2", "libfoo.so.1"}})},
                             m_dir.path(), "amd64");
  EXPECT_EQ(deps.depends, std::vector<std::string>{"libfoo1 (>= 2.5~beta)"});
  deps = debian_dependencies({object({"libfoo.so.1"}, {{"foo_any", "FOO_3", "libfoo.so.1"}})}, m_dir.path(), "amd64");
  EXPECT_EQ(deps.depends, std::vector<std::string>{"libfoo1 (>= 3.0)"});
}

TEST_F(DebDependenciesTest, ShlibsFallbackOwnLibrariesAndUnknownSonames) {
  PackagedObject own;
  own.path = "usr/lib/app/libown.so.1";
  own.elf.soname = "libown.so.1";
  auto deps = debian_dependencies({object({"libbar.so.2", "libown.so.1", "libbaz.so.0", "libnone.so.7"}, {}), own},
                                  m_dir.path(), "amd64");
  EXPECT_EQ(deps.depends, std::vector<std::string>{"libbar2 (>= 2.1)"});
  ASSERT_EQ(deps.warnings.size(), 2u); // libbaz is another architecture's
  EXPECT_NE(deps.warnings[0].message().find("libbaz.so.0"), std::string::npos);
  EXPECT_NE(deps.warnings[1].message().find("libnone.so.7"), std::string::npos);
}

TEST(DebDependencies, MergeKeepsOneEntryPerPackageWithTheHigherVersion) {
  EXPECT_EQ(merge_debian_dependencies({"zlib1g (>= 1:1.1.4)", "libc6 (>= 2.34)"}, {"zlib1g (>= 1:1.2.13)", "xdg-utils"}),
            (std::vector<std::string>{"libc6 (>= 2.34)", "xdg-utils", "zlib1g (>= 1:1.2.13)"}));
  EXPECT_EQ(merge_debian_dependencies({"libc6 (>= 2.36)"}, {"libc6"}), std::vector<std::string>{"libc6 (>= 2.36)"});
}

TEST(RpmElfRequires, NamesSonamesAndSymbolVersions) {
  PackagedObject o;
  o.elf.needed = {"libc.so.6", "libown.so.1"};
  o.elf.imports = {{"memcpy", "GLIBC_2.14", "libc.so.6"}, {"x", "OWN_1", "libown.so.1"}, {"y", "", ""}};
  PackagedObject own;
  own.elf.soname = "libown.so.1";
  EXPECT_EQ(rpm_elf_requires({o, own}, true),
            (std::vector<std::string>{"libc.so.6()(64bit)", "libc.so.6(GLIBC_2.14)(64bit)"}));
  EXPECT_EQ(rpm_elf_requires({o, own}, false), (std::vector<std::string>{"libc.so.6()", "libc.so.6(GLIBC_2.14)"}));
}

std::string write_archive(const fs::path& path, ArchiveFormat format, Compression compression, const fs::path& source,
                          int threads = 0) {
  auto file = AtomicFile::create(path);
  EXPECT_TRUE(file);
  ArchiveSettings settings;
  settings.format = format;
  settings.compression = compression;
  settings.mtime = 1700000000;
  settings.threads = threads;
  auto writer = ArchiveWriter::open(file->fd(), path.string(), settings);
  EXPECT_TRUE(writer);
  EXPECT_TRUE(writer->add_directory("./usr/", 0755));
  EXPECT_TRUE(writer->add_file("./usr/data.bin", source, 0644));
  EXPECT_TRUE(writer->add_bytes("./usr/note.txt", "hello\n", 0600));
  auto link = writer->add_symlink("./usr/link", "note.txt");
  EXPECT_TRUE(link) << (link ? "" : link.error().message());
  EXPECT_TRUE(writer->finish());
  EXPECT_TRUE(file->commit());
  return *read_file(path);
}

TEST(ArchiveWriter, SameInputSameBytesWithRootOwnerAndFixedTime) {
  weft::test::TempDir dir;
  std::string data(3 << 20, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>((i * 2654435761u) >> 13);
  ASSERT_TRUE(write_file_atomic(dir / "data.bin", data));
  for (Compression c : {Compression::none, Compression::gzip, Compression::xz, Compression::zstd}) {
    for (ArchiveFormat f : {ArchiveFormat::tar, ArchiveFormat::cpio}) {
      std::string a = write_archive(dir / "a", f, c, dir / "data.bin");
      ::usleep(1100000 * (c == Compression::gzip)); // a gzip timestamp would now differ
      std::string b = write_archive(dir / "b", f, c, dir / "data.bin");
      EXPECT_EQ(a, b) << compression_info(c).name;
      // The same bytes whatever the number of threads.
      for (int threads : {1, 3}) {
        EXPECT_EQ(write_archive(dir / "c", f, c, dir / "data.bin", threads), a)
            << compression_info(c).name << " with " << threads << " threads";
      }

      archive* r = archive_read_new();
      archive_read_support_filter_all(r);
      archive_read_support_format_all(r);
      ASSERT_EQ(archive_read_open_filename(r, (dir / "a").c_str(), 65536), ARCHIVE_OK);
      archive_entry* e = nullptr;
      std::vector<std::string> names;
      while (archive_read_next_header(r, &e) == ARCHIVE_OK) {
        names.push_back(archive_entry_pathname(e));
        EXPECT_EQ(archive_entry_uid(e), 0);
        EXPECT_EQ(archive_entry_gid(e), 0);
        EXPECT_EQ(archive_entry_mtime(e), 1700000000);
        if (names.back() == "./usr/data.bin") {
          std::string content(static_cast<size_t>(archive_entry_size(e)), '\0');
          ASSERT_EQ(archive_read_data(r, content.data(), content.size()), static_cast<la_ssize_t>(content.size()));
          EXPECT_EQ(content, data);
        }
        if (names.back() == "./usr/note.txt") {
          EXPECT_EQ(archive_entry_perm(e), 0600);
        }
      }
      archive_read_free(r);
      EXPECT_EQ(names, (std::vector<std::string>{"./usr/", "./usr/data.bin", "./usr/note.txt", "./usr/link"}));
    }
  }
}

uint32_t be32(const std::string& s, size_t o) {
  return (static_cast<uint32_t>(static_cast<unsigned char>(s[o])) << 24) |
         (static_cast<uint32_t>(static_cast<unsigned char>(s[o + 1])) << 16) |
         (static_cast<uint32_t>(static_cast<unsigned char>(s[o + 2])) << 8) | static_cast<unsigned char>(s[o + 3]);
}

TEST(RpmHeader, RegionFirstTagsSortedValuesAligned) {
  RpmHeader h;
  h.add_string(1000, "name");
  h.add_int16(1030, {0x81a4});
  h.add_int32(1028, {7, 8});
  h.add_string_array(100, {"C"});
  std::string bytes = h.serialize(63);
  ASSERT_EQ(bytes.substr(0, 4), std::string("\x8e\xad\xe8\x01", 4));
  const uint32_t count = be32(bytes, 8), size = be32(bytes, 12);
  ASSERT_EQ(count, 5u);
  ASSERT_EQ(bytes.size(), 16 + count * 16 + size);
  const size_t store = 16 + count * 16;
  EXPECT_EQ(be32(bytes, 16), 63u);                // region tag first
  const uint32_t trailer = be32(bytes, 16 + 8);   // its offset: the trailer
  EXPECT_EQ(trailer + 16, size);
  EXPECT_EQ(be32(bytes, store + trailer), 63u);
  EXPECT_EQ(static_cast<int32_t>(be32(bytes, store + trailer + 8)), -static_cast<int32_t>(count * 16));
  std::vector<uint32_t> tags;
  for (uint32_t i = 1; i < count; ++i) {
    const size_t e = 16 + i * 16;
    tags.push_back(be32(bytes, e));
    const uint32_t type = be32(bytes, e + 4), offset = be32(bytes, e + 8);
    if (type == 4) {
      EXPECT_EQ(offset % 4, 0u);
    }
    if (type == 3) {
      EXPECT_EQ(offset % 2, 0u);
    }
  }
  EXPECT_EQ(tags, (std::vector<uint32_t>{100, 1000, 1028, 1030}));
}

TEST(LinuxPackageName, FoldsLatinLettersAndFallsBackToTheIdentifier) {
  EXPECT_EQ(linux_package_name("Grüße Wörld", "com.example.x"), "grusse-world");
  EXPECT_EQ(linux_package_name("Hello Weft", "com.example.hello"), "hello-weft");
  EXPECT_EQ(linux_package_name("日本語", "com.example.nihongo"), "nihongo");
  EXPECT_EQ(linux_package_name("C++ Tool 2.0", "a.b"), "c++-tool-2.0");
}

TEST(ProjectGlob, MatchesNamesAndAnyDepth) {
  weft::test::TempDir dir;
  fs::create_directories(dir / "a/b/c");
  for (const char* f : {"a/x.txt", "a/b/y.txt", "a/b/c/z.txt", "a/b/c/w.bin", "a/.hidden.txt"})
    ASSERT_TRUE(write_file_atomic(dir / f, "x"));
  auto rel = [&](std::vector<fs::path> paths) {
    std::vector<std::string> out;
    for (const fs::path& p : paths) out.push_back(p.lexically_relative(dir.path()).generic_string());
    return out;
  };
  EXPECT_EQ(rel(expand_project_glob(dir.path(), "a/**/*.txt")),
            (std::vector<std::string>{"a/b/c/z.txt", "a/b/y.txt", "a/x.txt"}));
  EXPECT_EQ(rel(expand_project_glob(dir.path(), "a/b")),
            (std::vector<std::string>{"a/b/c/w.bin", "a/b/c/z.txt", "a/b/y.txt"}));
  EXPECT_EQ(rel(expand_project_glob(dir.path(), "a/?.txt")), std::vector<std::string>{"a/x.txt"});
  EXPECT_TRUE(expand_project_glob(dir.path(), "nothing/*").empty());
}

} // namespace
} // namespace weft::bundlers
