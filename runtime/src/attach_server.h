// The program's side of attach: a thread of its own (Boost.Asio) accepts inspectors on the pid's
// socket and asks the scheduler for a snapshot; the scheduler answers at its next scheduling point.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "transit/inspect.h"

namespace transit::detail {

class Scheduler;

class AttachServer {
 public:
  // Listens for inspectors of the run on `scheduler`; nullptr (and why in `problem`) if it cannot.
  static std::unique_ptr<AttachServer> start(Scheduler& scheduler, std::string& problem);
  // The same for a program that is not a run of the runtime's (AttachListener): `request` gets the
  // inspection bits asked for; without `traces` it refuses traces and counts.
  static std::unique_ptr<AttachServer> start(std::function<void(int)> request, bool traces, std::string& problem);
  virtual ~AttachServer() = default;  // stops the thread and removes the socket
  // Sends the snapshot to every inspector waiting.
  virtual void answer(std::string text) = 0;
  // The same for the inspectors that asked for process records (transit/process_records.h).
  virtual void answer_records(std::string text) = 0;
  // Called by the scheduler with the world stopped: the text (attach_text, or the records) is made
  // on the listener's thread once the world goes on, so the pause is the walk of the processes alone.
  virtual void answer_later(std::vector<ProcessInfo> live, std::string headline) = 0;
  virtual void answer_records_later(std::vector<ProcessInfo> live) = 0;
};

// The run's server while it listens (set and cleared by run), read by the schedulers' poll.
extern std::atomic<AttachServer*> attach_server;

// The headline of the snapshot an inspector gets: the pid and the scheduler's clock.
std::string attach_headline(const Scheduler& scheduler);

}  // namespace transit::detail
