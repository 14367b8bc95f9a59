#include <weft/base/atomic_file.hpp>

#include "process_helpers.hpp"
#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <fcntl.h>
#include <functional>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace weft {
namespace {

namespace fs = std::filesystem;
using test::read_text;
using test::TempDir;

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

mode_t mode_of(const fs::path& path) {
  struct stat st {};
  ::stat(path.c_str(), &st);
  return st.st_mode & 07777;
}

TEST(AtomicFile, NothingAppearsBeforeCommit) {
  TempDir dir;
  const fs::path target = dir / "out.txt";
  Result<AtomicFile> file = AtomicFile::create(target);
  ASSERT_TRUE(file) << file.error().message();
  ASSERT_TRUE(file->write("hello "));
  ASSERT_TRUE(file->write("world\n"));
  EXPECT_FALSE(fs::exists(target));
  EXPECT_EQ(file->temp_path().parent_path(), dir.path());
  EXPECT_EQ(file->temp_path().filename().string().rfind(".out.txt.tmp-", 0), 0u);
  EXPECT_TRUE(fs::exists(file->temp_path()));

  ASSERT_TRUE(file->commit());
  EXPECT_TRUE(file->committed());
  EXPECT_EQ(read_text(target), "hello world\n");
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"out.txt"});
}

TEST(AtomicFile, DestructorRemovesTheTempFileAndNeverCommits) {
  TempDir dir;
  const fs::path target = dir / "keep.txt";
  ASSERT_TRUE(write_file_atomic(target, "old\n"));
  {
    Result<AtomicFile> file = AtomicFile::create(target);
    ASSERT_TRUE(file);
    ASSERT_TRUE(file->write("new\n"));
    file->stream() << "more";
  }
  EXPECT_EQ(read_text(target), "old\n");
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"keep.txt"});
}

TEST(AtomicFile, StreamAndWriteKeepTheirOrder) {
  TempDir dir;
  Result<AtomicFile> file = AtomicFile::create(dir / "mixed");
  ASSERT_TRUE(file);
  file->stream() << "a" << 42;
  ASSERT_TRUE(file->write("|b|"));
  file->stream() << 'c';
  ASSERT_TRUE(file->commit());
  EXPECT_EQ(read_text(dir / "mixed"), "a42|b|c");
}

TEST(AtomicFile, DescriptorAccess) {
  TempDir dir;
  Result<AtomicFile> file = AtomicFile::create(dir / "raw");
  ASSERT_TRUE(file);
  ASSERT_EQ(::write(file->fd(), "raw bytes", 9), 9);
  EXPECT_EQ(::fcntl(file->fd(), F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  ASSERT_TRUE(file->commit());
  EXPECT_EQ(read_text(dir / "raw"), "raw bytes");
}

TEST(AtomicFile, ModesAreExactWhateverTheUmask) {
  TempDir dir;
  const mode_t old_umask = ::umask(077);
  ASSERT_TRUE(write_file_atomic(dir / "plain", "x"));
  ASSERT_TRUE(write_file_atomic(dir / "secret", "x", k_mode_secret));
  ASSERT_TRUE(write_file_atomic(dir / "tool", "x", k_mode_executable));
  ::umask(old_umask);
  EXPECT_EQ(mode_of(dir / "plain"), 0644u);
  EXPECT_EQ(mode_of(dir / "secret"), 0600u);
  EXPECT_EQ(mode_of(dir / "tool"), 0755u);
}

TEST(AtomicFile, ReplacesAnExistingFile) {
  TempDir dir;
  ASSERT_TRUE(write_file_atomic(dir / "f", "first"));
  ASSERT_TRUE(write_file_atomic(dir / "f", "second"));
  EXPECT_EQ(read_text(dir / "f"), "second");
}

TEST(AtomicFile, ReplaceNoKeepsAnExistingFileAndLeavesNoTemp) {
  TempDir dir;
  const fs::path target = dir / "key";
  ASSERT_TRUE(write_file_atomic(target, "old"));
  Result<void> again = write_file_atomic(target, "new", k_mode_secret, Replace::no);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ExitCode::input);
  EXPECT_NE(again.error().message().find("already exists"), std::string::npos);
  EXPECT_EQ(read_text(target), "old");
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"key"});

  const fs::path fresh = dir / "fresh";
  ASSERT_TRUE(write_file_atomic(fresh, "new", k_mode_secret, Replace::no));
  EXPECT_EQ(read_text(fresh), "new");
  EXPECT_EQ(mode_of(fresh), k_mode_secret);
}

TEST(AtomicFile, MovedFromObjectsOwnNothing) {
  TempDir dir;
  Result<AtomicFile> created = AtomicFile::create(dir / "moved");
  ASSERT_TRUE(created);
  AtomicFile file = std::move(*created);
  {
    AtomicFile gone = AtomicFile(std::move(file));
    ASSERT_TRUE(gone.write("x"));
    file = std::move(gone);
  }
  ASSERT_TRUE(file.commit());
  EXPECT_EQ(read_text(dir / "moved"), "x");
  EXPECT_FALSE(file.commit()) << "a second commit is an error";
}

TEST(AtomicFile, MissingDirectoryNamesTheFinalPath) {
  TempDir dir;
  const fs::path target = dir / "missing" / "out.txt";
  Result<void> written = write_file_atomic(target, "x");
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().message(), "cannot write " + target.string() + ": No such file or directory");
  EXPECT_EQ(written.error().location().file, target.string());
}

TEST(AtomicFile, ParentThatIsAFile) {
  TempDir dir;
  ASSERT_TRUE(write_file_atomic(dir / "file", "x"));
  const fs::path target = dir / "file" / "out.txt";
  Result<AtomicFile> file = AtomicFile::create(target);
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().message(), "cannot write " + target.string() + ": Not a directory");
}

// Runs `attempt` in a forked child without root's power to ignore
// permissions (as nobody when the test runs as root); returns its message.
std::string as_unprivileged(const std::function<std::string()>& attempt) {
  int report[2];
  if (::pipe(report) != 0) return "pipe failed";
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(report[0]);
    std::string message = "cannot drop privileges";
    if (::geteuid() != 0 || (::setgid(65534) == 0 && ::setuid(65534) == 0)) message = attempt();
    [[maybe_unused]] ssize_t n = ::write(report[1], message.data(), message.size());
    ::_exit(0);
  }
  ::close(report[1]);
  std::string message;
  char buffer[512];
  for (ssize_t n; (n = ::read(report[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    message.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(report[0]);
  ::waitpid(pid, nullptr, 0);
  return message;
}

TEST(AtomicFile, ReadOnlyDirectoryNamesTheFinalPath) {
  TempDir dir;
  ::chmod(dir.path().c_str(), 0755);
  fs::create_directory(dir / "ro");
  ::chmod((dir / "ro").c_str(), 0555);
  const fs::path target = dir / "ro" / "out.txt";
  const std::string message = as_unprivileged([&] {
    Result<void> written = write_file_atomic(target, "x");
    if (written) return std::string("written");
    return written.error().message() + "|" + written.error().location().file;
  });
  EXPECT_EQ(message, "cannot write " + target.string() + ": Permission denied|" + target.string());
  EXPECT_TRUE(names_in(dir / "ro").empty());
}

// A full disk, simulated with the file size limit (works as root too).
class FileSizeLimit {
public:
  explicit FileSizeLimit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &m_saved);
    m_handler = ::signal(SIGXFSZ, SIG_IGN);
    rlimit limited = m_saved;
    limited.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &limited);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &m_saved);
    ::signal(SIGXFSZ, m_handler);
  }

private:
  rlimit m_saved{};
  sighandler_t m_handler;
};

TEST(AtomicFile, WriteFailureNamesTheFinalPathAndLeavesNoTemp) {
  TempDir dir;
  const fs::path target = dir / "big.bin";
  {
    FileSizeLimit limit(1024);
    Result<void> written = write_file_atomic(target, std::string(8192, 'x'));
    ASSERT_FALSE(written);
    EXPECT_EQ(written.error().message(), "cannot write " + target.string() + ": File too large");

    Result<AtomicFile> file = AtomicFile::create(dir / "streamed.bin");
    ASSERT_TRUE(file);
    file->stream() << std::string(200000, 'y');
    Result<void> committed = file->commit();
    ASSERT_FALSE(committed);
    EXPECT_EQ(committed.error().location().file, (dir / "streamed.bin").string());
  }
  EXPECT_TRUE(names_in(dir.path()).empty());
}

TEST(AtomicFile, WriteIfChangedSkipsIdenticalContent) {
  TempDir dir;
  const fs::path target = dir / "gen.hpp";
  Result<bool> first = write_file_if_changed(target, "content\n");
  ASSERT_TRUE(first);
  EXPECT_TRUE(*first);

  struct stat before {};
  ::stat(target.c_str(), &before);
  Result<bool> same = write_file_if_changed(target, "content\n");
  ASSERT_TRUE(same);
  EXPECT_FALSE(*same);
  struct stat after {};
  ::stat(target.c_str(), &after);
  EXPECT_EQ(before.st_ino, after.st_ino) << "not replaced";
  EXPECT_EQ(before.st_mtim.tv_nsec, after.st_mtim.tv_nsec);

  Result<bool> changed = write_file_if_changed(target, "content 2\n");
  ASSERT_TRUE(changed);
  EXPECT_TRUE(*changed);
  EXPECT_EQ(read_text(target), "content 2\n");

  Result<bool> mode_changed = write_file_if_changed(target, "content 2\n", k_mode_executable);
  ASSERT_TRUE(mode_changed);
  EXPECT_TRUE(*mode_changed);
  EXPECT_EQ(mode_of(target), 0755u);

  Result<bool> missing_dir = write_file_if_changed(dir / "no" / "such", "x");
  ASSERT_FALSE(missing_dir);
}

} // namespace
} // namespace weft
