// LiveProcessView: `transit run --view`: a window on a native program running as a child process,
// drawn on a thread of its own about 30 times a second from the process records the program
// answers over attach (transit/attach.h), never from inside its scheduler. Space stops and resumes
// the program (SIGSTOP/SIGCONT), s lets it run one frame, a click lists a box's processes, e (or a
// double click) expands a replicated PAR's box into a box per process and collapses it again, q ends
// it. When it ends, its last records (a deadlock's cycle in red) stay on screen until the window closes.
#pragma once

#include <sys/types.h>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "transit/process_records.h"
#include "transit/viewer/controls.h"
#include "transit/viewer/window_thread.h"
#include "transit/viewer/scene.h"

namespace transit::viewer {

class LiveProcessView {
 public:
  LiveProcessView(std::string title, double frames_per_second = 30);
  ~LiveProcessView();

  // Opens the window on the view's thread; the reason when it cannot ("" when it is open).
  std::string open();
  // The program to watch (after fork); it is asked for records until ended() is called.
  void watch(pid_t pid);
  // The program ended: its last records (nothing when it wrote none), and how it ended.
  void ended(std::optional<ProcessRecords> last, const std::string& how);
  void wait_closed();

  struct State {
    bool paused = false, quit = false, ended = false;
    int selected = -1;
    std::size_t boxes = 0, expanded = 0;  // boxes on screen, replicated PARs expanded
    std::uint64_t frames = 0, polls = 0;  // frames drawn, records received while running
  };
  State state() const;

 private:
  void window_loop(Window& window);
  void handle(const ControlEvent& c, const Scene& shown);
  void expand_or_collapse(int box);

  std::string title_;
  double fps_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  pid_t pid_ = 0;
  std::optional<ProcessRecords> records_;
  std::string how_;
  State state_;
  std::set<std::string> expanded_;       // the process kinds shown a box each (process_model)
  std::vector<std::string> shown_kinds_;  // each box's kind in the picture on screen
  WindowThread window_;  // last: its thread stops before the members it reads go
};

}  // namespace transit::viewer
