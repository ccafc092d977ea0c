#include "gpuprobe/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "gpuprobe/printable.hpp"

namespace gpuprobe {
namespace {

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

const char* kind_of(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a plain file";
}

std::string mib(uint64_t bytes) {
  return std::to_string((bytes + (uint64_t{1} << 20) - 1) >> 20) + " MiB";
}

}  // namespace

std::string read_input_file(const std::string& path, uint64_t max_bytes) {
  const std::string name = "'" + printable(path) + "'";
  auto fail = [&](const std::string& why) -> std::runtime_error {
    return std::runtime_error(name + ": " + why);
  };
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
  Fd file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)};
  if (file.fd < 0)
    throw fail(std::string("cannot open: ") + std::strerror(errno) + "; check the path");
  struct stat st {};
  if (::fstat(file.fd, &st) != 0) throw fail(std::string("cannot stat: ") + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw fail("is a directory; give a result file inside it");
  if (!S_ISREG(st.st_mode))
    throw fail(std::string("is ") + kind_of(st.st_mode) + ", not a regular file");
  if (st.st_size == 0) throw fail("is empty");
  if (uint64_t(st.st_size) > max_bytes)
    throw fail("is " + mib(uint64_t(st.st_size)) + ", larger than the " + mib(max_bytes) +
               " a result file may be");
  std::string text;
  text.resize(size_t(st.st_size));
  size_t have = 0;
  // Read to the end, not to st_size: a file still being written may have grown; the cap
  // holds for what is read, too.
  while (true) {
    if (have == text.size()) {
      if (text.size() > max_bytes)
        throw fail("grew past the " + mib(max_bytes) + " a result file may be while being read");
      text.resize(text.size() + 65536);
    }
    const ssize_t n = ::read(file.fd, text.data() + have, text.size() - have);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw fail(std::string("cannot read: ") + std::strerror(errno));
    if (n == 0) break;
    have += size_t(n);
  }
  text.resize(have);
  if (text.size() > max_bytes)
    throw fail("grew past the " + mib(max_bytes) + " a result file may be while being read");
  return text;
}

}  // namespace gpuprobe
