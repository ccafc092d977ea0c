#include "model/file_loader.hpp"

#include <chrono>

#include "gpuprobe/result_io.hpp"

namespace gpuprobe::gui {

FileLoader::~FileLoader() {
  for (auto& p : pending_)
    if (p.report.valid()) p.report.wait();
}

void FileLoader::start(const std::string& path) {
  pending_.push_back({path, std::async(std::launch::async, [path] {
                        return std::make_shared<const RunReport>(load_report(path));
                      })});
}

std::vector<LoadOutcome> FileLoader::take_finished() {
  std::vector<LoadOutcome> done;
  // In start order: a file finished early waits for those started before it, so columns
  // appear in the order the files were named.
  size_t ready = 0;
  while (ready < pending_.size() &&
         pending_[ready].report.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
    ++ready;
  for (size_t i = 0; i < ready; ++i) {
    LoadOutcome outcome{pending_[i].path, nullptr, ""};
    try {
      outcome.report = pending_[i].report.get();
    } catch (const std::exception& e) {
      outcome.error = e.what();  // load_report's message names the file
    }
    done.push_back(std::move(outcome));
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(ready));
  return done;
}

}  // namespace gpuprobe::gui
