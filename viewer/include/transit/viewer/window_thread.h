// WindowThread: a window on a thread of its own, as both live views run theirs. SDL wants a window's
// events read on the thread that opened it, so the thread opens the window, says whether it could,
// then runs the view's loop until the loop returns; join() waits for that.
#pragma once

#include <functional>
#include <string>
#include <thread>

#include "transit/viewer/window.h"

namespace transit::viewer {

class WindowThread {
 public:
  ~WindowThread() { join(); }
  // Starts the thread and waits until the window is open ("") or could not be (why).
  std::string start(const std::string& title, int width, int height, std::function<void(Window&)> loop);
  bool opened() const { return opened_; }
  void join() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::thread thread_;
  bool opened_ = false;  // written before start() returns, read after
};

}  // namespace transit::viewer
