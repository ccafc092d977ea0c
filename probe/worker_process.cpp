#include "worker_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <future>
#include <stdexcept>
#include <vector>

namespace gpuprobe::worker {
namespace {

std::runtime_error system_error(const std::string& what) {
  return std::runtime_error("cannot start a worker: " + what + " failed (" + std::strerror(errno) +
                            ")");
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

std::string describe_wait_status(int status) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char* abbrev = sigabbrev_np(sig);
    return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
  }
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  return "wait status " + std::to_string(status);
}

WorkerProcess::WorkerProcess(const std::string& worker_path, const std::string& plugin_path) {
  if (::access(worker_path.c_str(), X_OK) != 0) throw system_error("executing " + worker_path);
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
    throw system_error("socketpair");
  socket_ = pair[0];
  int child_socket = pair[1];
  cancel_fd_ = ::memfd_create("gpuprobe-cancel", MFD_CLOEXEC);
  if (cancel_fd_ < 0 || ::ftruncate(cancel_fd_, sizeof(int)) != 0) {
    close_fd(child_socket);
    close_fd(socket_);
    close_fd(cancel_fd_);
    throw system_error("memfd_create");
  }
  void* shared = ::mmap(nullptr, sizeof(int), PROT_READ | PROT_WRITE, MAP_SHARED, cancel_fd_, 0);
  if (shared == MAP_FAILED) {
    close_fd(child_socket);
    close_fd(socket_);
    close_fd(cancel_fd_);
    throw system_error("mmap");
  }
  cancel_ = static_cast<volatile int*>(shared);
  *cancel_ = 0;

  // Everything the child needs is prepared before fork: after it, only async-signal-safe
  // calls until exec.
  const pid_t parent = ::getpid();
  std::vector<std::string> args = {worker_path,
                                   "--socket-fd",
                                   std::to_string(child_socket),
                                   "--cancel-fd",
                                   std::to_string(cancel_fd_),
                                   "--parent-pid",
                                   std::to_string(parent),
                                   plugin_path};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  pid_ = ::fork();
  if (pid_ < 0) {
    close_fd(child_socket);
    ::munmap(const_cast<int*>(cancel_), sizeof(int));
    close_fd(socket_);
    close_fd(cancel_fd_);
    throw system_error("fork");
  }
  if (pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(126);  // the parent died before prctl took effect
    ::setpgid(0, 0);
    ::fcntl(child_socket, F_SETFD, 0);
    ::fcntl(cancel_fd_, F_SETFD, 0);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  close_fd(child_socket);
}

WorkerProcess::~WorkerProcess() {
  close_fd(socket_);  // the worker reads end-of-file, shuts its plugin down and exits
  stop(false, std::chrono::milliseconds(2000));
  if (cancel_) ::munmap(const_cast<int*>(cancel_), sizeof(int));
  close_fd(cancel_fd_);
}

bool WorkerProcess::send(const Bytes& frame) {
  size_t sent = 0;
  while (sent < frame.size()) {
    const ssize_t n = ::send(socket_, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += size_t(n);
  }
  return true;
}

WorkerProcess::Received WorkerProcess::receive(Clock::time_point deadline,
                                               const std::function<void()>& tick, MessageType& type,
                                               Bytes& body, std::string& error) {
  uint8_t buffer[64 * 1024];
  while (true) {
    try {
      Frame frame;
      if (decode_frame(pending_.data(), pending_.size(), frame)) {
        type = frame.type;
        body.assign(frame.body, frame.body + frame.body_size);
        pending_.erase(pending_.begin(), pending_.begin() + ptrdiff_t(frame.frame_size));
        return Received::Frame;
      }
    } catch (const ProtocolError& e) {
      error = e.what();
      return Received::Malformed;
    }
    if (tick) tick();
    const auto now = Clock::now();
    if (now >= deadline) return Received::TimedOut;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    pollfd p{socket_, POLLIN, 0};
    const int ready = ::poll(&p, 1, int(std::min<int64_t>(left.count() + 1, 10)));
    if (ready < 0 && errno != EINTR) return Received::Closed;
    if (ready <= 0) continue;
    const ssize_t n = ::read(socket_, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Received::Closed;
    pending_.insert(pending_.end(), buffer, buffer + n);
  }
}

std::string WorkerProcess::stop(bool kill_first, std::chrono::milliseconds grace) {
  if (pid_ <= 0) return ended_;
  if (kill_first) ::kill(pid_, SIGKILL);
  int status = 0;
  const auto give_up = Clock::now() + grace;
  pid_t got = 0;
  while ((got = ::waitpid(pid_, &status, WNOHANG)) == 0 && Clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  if (got == 0) {
    ::kill(pid_, SIGKILL);
    while ((got = ::waitpid(pid_, &status, 0)) < 0 && errno == EINTR) {
    }
  }
  ended_ =
      got == pid_ ? describe_wait_status(status) : "an unknown end (it could not be waited for)";
  pid_ = -1;
  return ended_;
}

WorkerLauncher::WorkerLauncher() : thread_([this] { loop(); }) {}

WorkerLauncher::~WorkerLauncher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void WorkerLauncher::loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (jobs_.empty()) return;
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    job();
    lock.lock();
  }
}

std::unique_ptr<WorkerProcess> WorkerLauncher::launch(const std::string& worker_path,
                                                      const std::string& plugin_path) {
  auto task = std::make_shared<std::packaged_task<std::unique_ptr<WorkerProcess>()>>(
      [&] { return std::make_unique<WorkerProcess>(worker_path, plugin_path); });
  auto result = task->get_future();
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back([task] { (*task)(); });
  }
  wake_.notify_all();
  return result.get();
}

}  // namespace gpuprobe::worker
