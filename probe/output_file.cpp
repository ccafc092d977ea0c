#include "gpuprobe/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <utility>

namespace gpuprobe {
namespace fs = std::filesystem;
namespace {

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// /dev/stdout is a link into /proc: renaming over what it resolves to would replace the
// shell's redirect target under it, and a temporary file cannot be created in /dev.
bool is_special_path(const std::string& path) {
  if (starts_with(path, "/dev/") || starts_with(path, "/proc/")) return true;
  std::error_code ec;
  const std::string resolved = fs::canonical(path, ec).string();
  return !ec && (starts_with(resolved, "/dev/") || starts_with(resolved, "/proc/"));
}

std::string directory_of(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

std::string reason(int error) { return std::strerror(error); }

// Closes the descriptor it holds.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

// Removes the temporary file unless the rename has taken it.
class TemporaryFile {
 public:
  explicit TemporaryFile(std::string path) : path_(std::move(path)) {}
  ~TemporaryFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  const std::string& path() const { return path_; }
  void renamed() { path_.clear(); }

 private:
  std::string path_;
};

[[noreturn]] void fail(const std::string& path, const std::string& step, int error,
                       bool earlier_kept) {
  throw std::runtime_error(
      "cannot write '" + path + "': " + step + " failed (" + reason(error) + ")" +
      (earlier_kept ? "; any earlier file at that path is left as it was" : ""));
}

void write_all(int fd, std::string_view text, const std::string& path, bool earlier_kept) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(path, "writing", errno, earlier_kept);
    if (n == 0) fail(path, "writing", EIO, earlier_kept);
    text.remove_prefix(static_cast<size_t>(n));
  }
}

void write_stream(const std::string& path, std::string_view text) {
  struct stat st {};
  const bool fifo = ::stat(path.c_str(), &st) == 0 && S_ISFIFO(st.st_mode);
  // O_APPEND: /dev/stdout redirected to a file continues after what was printed before.
  // A FIFO opens non-blocking first, so one nobody reads fails (ENXIO) instead of hanging.
  Fd fd(::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC | (fifo ? O_NONBLOCK : 0)));
  if (fd.get() < 0) {
    if (fifo && errno == ENXIO)
      throw std::runtime_error("cannot write '" + path +
                               "': no process is reading the FIFO; start its reader first");
    fail(path, "opening", errno, false);
  }
  if (fifo) ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
  write_all(fd.get(), text, path, false);
  if (::close(fd.release()) != 0) fail(path, "closing", errno, false);
}

// A name no other writer (thread or process) picks: pid, a counter and the clock; O_EXCL
// makes sure of it.
std::string temporary_name(const std::string& target) {
  static std::atomic<unsigned> counter{0};
  const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  const fs::path p(target);
  return (p.parent_path() / ("." + p.filename().string() + ".tmp-" + std::to_string(::getpid()) +
                             "-" + std::to_string(counter++) + "-" + std::to_string(now % 1000003)))
      .string();
}

void write_atomically(const std::string& path, std::string_view text) {
  // Through a symbolic link to the file it names: the link stays a link.
  std::error_code ec;
  std::string target = path;
  if (fs::is_symlink(path, ec)) {
    const fs::path resolved = fs::canonical(path, ec);
    if (!ec) target = resolved.string();
  }
  struct stat existing {};
  const bool existed = ::stat(target.c_str(), &existing) == 0;
  if (existed && S_ISDIR(existing.st_mode)) fail(path, "replacing a directory", EISDIR, true);

  int fd = -1;
  std::string temporary;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    temporary = temporary_name(target);
    fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST)
      fail(path, "creating a temporary file in " + directory_of(target), errno, true);
  }
  if (fd < 0) fail(path, "creating a temporary file in " + directory_of(target), EEXIST, true);
  TemporaryFile file(temporary);
  Fd owner(fd);
  // The replacement keeps the permissions of the file it replaces.
  if (existed) ::fchmod(fd, existing.st_mode & 07777);
  write_all(fd, text, path, true);
  if (::fsync(fd) != 0) fail(path, "flushing to disk", errno, true);
  if (::close(owner.release()) != 0) fail(path, "closing", errno, true);
  if (::rename(file.path().c_str(), target.c_str()) != 0)
    fail(path, "renaming the finished file into place", errno, true);
  file.renamed();
  // The rename itself reaches the disk with its directory. The document is in place already,
  // so a file system that cannot sync a directory is no reason to fail.
  Fd dir(::open(directory_of(target).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() >= 0) ::fsync(dir.get());
}

}  // namespace

OutputKind check_output_path(const std::string& option, const std::string& path) {
  const std::string named = option + " " + path;
  if (path.empty()) throw std::invalid_argument(option + ": the path is empty; give a file name");
  if (path == "-")
    throw std::invalid_argument(
        named + ": '-' is not a file; to print the document on stdout use --format json");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode))
      throw std::invalid_argument(named + ": is a directory; give a file name");
    if (S_ISSOCK(st.st_mode) || S_ISBLK(st.st_mode))
      throw std::invalid_argument(named + ": is a " +
                                  (S_ISSOCK(st.st_mode) ? "socket" : "block device") +
                                  ", not a file; give a file name");
    if (!S_ISREG(st.st_mode) || is_special_path(path)) {
      if (::access(path.c_str(), W_OK) != 0)
        throw std::invalid_argument(named + ": cannot write there (" + reason(errno) +
                                    "); choose a writable path");
      return OutputKind::Stream;
    }
  } else if (errno != ENOENT && errno != ENOTDIR) {
    throw std::invalid_argument(named + ": " + reason(errno) + "; choose a writable path");
  } else if (is_special_path(path)) {
    throw std::invalid_argument(named +
                                ": does not exist (files are not created in /dev or "
                                "/proc); choose a path in a writable directory");
  }
  // A new or regular file: its directory receives the temporary file and the rename.
  const std::string dir = directory_of(path);
  struct stat dst {};
  if (::stat(dir.c_str(), &dst) != 0)
    throw std::invalid_argument(named + ": cannot write there (directory '" + dir + "' " +
                                (errno == ENOENT ? std::string("does not exist") : reason(errno)) +
                                "); create it or choose another path");
  if (!S_ISDIR(dst.st_mode))
    throw std::invalid_argument(named + ": cannot write there ('" + dir +
                                "' is not a directory); choose another path");
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    throw std::invalid_argument(named + ": cannot write there (directory '" + dir +
                                "': " + reason(errno) + "); choose a writable path");
  return OutputKind::File;
}

void check_distinct_outputs(const std::vector<std::pair<std::string, std::string>>& outputs) {
  auto same_file = [](const std::string& a, const std::string& b) {
    std::error_code ea, eb;
    const fs::path pa = fs::weakly_canonical(fs::absolute(a), ea);
    const fs::path pb = fs::weakly_canonical(fs::absolute(b), eb);
    return (!ea && !eb) ? pa == pb : a == b;
  };
  for (size_t i = 0; i < outputs.size(); ++i)
    for (size_t j = i + 1; j < outputs.size(); ++j) {
      const auto& [option_a, a] = outputs[i];
      const auto& [option_b, b] = outputs[j];
      if (a.empty() || b.empty() || !same_file(a, b)) continue;
      throw std::invalid_argument(option_a + " and " + option_b + " both name '" + a +
                                  "'; one would overwrite the other: give each its own file");
    }
}

void write_output_file(const std::string& path, std::string_view text) {
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && (S_ISSOCK(st.st_mode) || S_ISBLK(st.st_mode)))
    throw std::runtime_error("cannot write '" + path + "': it is a " +
                             (S_ISSOCK(st.st_mode) ? "socket" : "block device") +
                             ", not a file; give a file name");
  if (is_special_path(path) || (exists && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)))
    write_stream(path, text);
  else
    write_atomically(path, text);
}

}  // namespace gpuprobe
