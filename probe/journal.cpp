#include "gpuprobe/journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "gpuprobe/kernels.hpp"
#include "gpuprobe/result_io.hpp"

namespace gpuprobe {
namespace {

// A journal is a few KiB per point; anything far larger is not one of ours.
constexpr uint64_t kMaxJournalBytes = uint64_t{256} << 20;

[[noreturn]] void fail(const std::string& path, const std::string& step, int error) {
  throw std::runtime_error("journal '" + path + "': " + step + " failed (" + std::strerror(error) +
                           ")");
}

void write_line(int fd, const std::string& path, const std::string& line) {
  // One write() per line where the kernel allows it: a kill leaves whole lines and at most
  // one cut short at the end, which recover skips.
  std::string_view rest = line;
  while (!rest.empty()) {
    const ssize_t n = ::write(fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail(path, "writing", n < 0 ? errno : EIO);
    rest.remove_prefix(static_cast<size_t>(n));
  }
}

// Why a journal is already there, for the note: a live run holds its lock.
std::string existing_journal_note(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  bool locked = false;
  if (fd >= 0) {
    locked = ::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    ::close(fd);
  }
  if (locked)
    return "another gpuprobe run is writing the same result file now (its journal is " + path +
           "); the run that finishes last replaces the file";
  return path +
         " is left from a run that stopped before it finished; it is kept: `gpuprobe recover " +
         path + " --json FILE` turns it into a document";
}

// The kernel's result in `device`, created in kernels.def order (as the Session does).
KernelResult& kernel_in(DeviceResult& device, const KernelResult& kernel) {
  for (auto& k : device.kernels)
    if (k.kernel == kernel.kernel) return k;
  auto order = [](const std::string& name) {
    const KernelSpec* s = find_kernel(name);
    return s ? s->id : GP_KERNEL_COUNT;
  };
  auto at = std::find_if(device.kernels.begin(), device.kernels.end(), [&](const KernelResult& k) {
    return order(k.kernel) > order(kernel.kernel);
  });
  return *device.kernels.insert(at, {kernel.kernel, kernel.family, kernel.unit, {}});
}

}  // namespace

std::string journal_path_for(const std::string& result_path) { return result_path + ".journal"; }

ResultJournal::ResultJournal(const std::string& result_path, const RunReport& header) {
  const std::string usual = journal_path_for(result_path);
  for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
    path_ = attempt == 0 ? usual
                         : usual + "." + std::to_string(::getpid()) +
                               (attempt == 1 ? "" : "-" + std::to_string(attempt));
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0 && errno != EEXIST) fail(path_, "creating", errno);
    if (fd_ < 0 && attempt == 0) note_ = existing_journal_note(usual);
  }
  if (fd_ < 0) fail(path_, "creating", EEXIST);
  // Held while the run lasts: another run finding this journal knows it is alive.
  ::flock(fd_, LOCK_EX | LOCK_NB);
  RunReport meta = header;
  meta.devices.clear();
  try {
    write_line(fd_, path_, to_json(meta, -1) + "\n");
  } catch (...) {
    ::close(fd_);
    ::unlink(path_.c_str());
    throw;
  }
}

ResultJournal::~ResultJournal() {
  if (fd_ >= 0) ::close(fd_);
}

void ResultJournal::append(const DeviceResult& device, const KernelResult& kernel,
                           const Measurement& point) {
  if (fd_ < 0) return;
  RunReport line;
  DeviceResult d;
  d.device = device.device;
  d.device.info.clear();  // the header carries it once
  d.memory = device.memory;
  d.kernels.push_back({kernel.kernel, kernel.family, kernel.unit, {point}});
  line.devices.push_back(std::move(d));
  write_line(fd_, path_, to_json(line, -1) + "\n");
}

void ResultJournal::remove() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  ::unlink(path_.c_str());
}

RecoveredRun recover_journal(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    throw std::runtime_error("cannot open journal '" + path + "': " + std::strerror(errno));
  if (!S_ISREG(st.st_mode))
    throw std::runtime_error("'" + path + "' is not a regular file, so not a gpuprobe journal");
  if (uint64_t(st.st_size) > kMaxJournalBytes)
    throw std::runtime_error("'" + path + "' is " + std::to_string(st.st_size) +
                             " bytes, more than a journal can be (" +
                             std::to_string(kMaxJournalBytes >> 20) + " MiB)");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open journal '" + path + "': " + std::strerror(errno));
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();

  std::vector<std::string> lines;
  for (size_t start = 0; start < text.size();) {
    const size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  const bool last_line_cut = !text.empty() && text.back() != '\n';
  if (lines.empty()) throw std::runtime_error("journal '" + path + "' is empty");

  RecoveredRun out;
  try {
    out.report = from_json(lines[0]);
  } catch (const std::exception& e) {
    throw std::runtime_error("'" + path + "' is not a gpuprobe journal: its first line is not " +
                             "the run's header (" + e.what() + ")");
  }
  RunReport& report = out.report;
  report.devices.clear();
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    RunReport line;
    try {
      line = from_json(lines[i]);
    } catch (const std::exception& e) {
      const bool cut = last_line_cut && i + 1 == lines.size();
      out.notes.push_back("line " + std::to_string(i + 1) + " skipped: " +
                          (cut ? std::string("cut short (the run was stopped while writing it)")
                               : std::string(e.what())));
      continue;
    }
    for (const DeviceResult& d : line.devices) {
      auto same = [&](const DeviceResult& r) {
        return r.device.backend == d.device.backend && r.device.index == d.device.index;
      };
      auto it = std::find_if(report.devices.begin(), report.devices.end(), same);
      if (it == report.devices.end()) {
        DeviceResult fresh;
        fresh.device = d.device;
        for (const auto& b : report.backends)  // the header has the device's info
          for (const auto& known : b.devices)
            if (known.backend == d.device.backend && known.index == d.device.index)
              fresh.device = known;
        report.devices.push_back(std::move(fresh));
        it = report.devices.end() - 1;
      }
      it->memory = d.memory;  // the latest plan: after the chase it is the measured one
      for (const KernelResult& k : d.kernels) {
        KernelResult& into = kernel_in(*it, k);
        into.points.insert(into.points.end(), k.points.begin(), k.points.end());
        out.points += k.points.size();
      }
    }
  }
  report.schema_major = kResultSchemaMajor;
  report.schema_minor = kResultSchemaMinor;
  report.source.clear();
  report.complete = false;
  report.incomplete_reason = "recovered from the journal '" + path + "' of a run that stopped " +
                             "before it wrote its document (" + std::to_string(out.points) +
                             " finished points)";
  return out;
}

}  // namespace gpuprobe
