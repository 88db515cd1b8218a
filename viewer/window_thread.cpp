// A window on a thread of its own (window_thread.h).
#include "transit/viewer/window_thread.h"

#include <future>

namespace transit::viewer {

std::string WindowThread::start(const std::string& title, int width, int height, std::function<void(Window&)> loop) {
  std::promise<std::string> result;
  std::future<std::string> opened = result.get_future();
  thread_ = std::thread([result = std::move(result), title, width, height, loop = std::move(loop)]() mutable {
    auto window = Window::open(title, width, height);
    if (auto* e = std::get_if<std::string>(&window)) {
      result.set_value(*e);
      return;
    }
    result.set_value("");
    loop(*std::get<std::unique_ptr<Window>>(window));
  });
  std::string error = opened.get();
  opened_ = error.empty();
  if (!opened_) join();
  return error;
}

}  // namespace transit::viewer
