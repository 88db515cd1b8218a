// A native program's end as a PNG (process_picture.h).
#include "transit/viewer/process_picture.h"

#include <fstream>
#include <sstream>

#include "transit/viewer/process_scene.h"
#include "transit/viewer/snapshot.h"

namespace transit::viewer {

std::variant<ProcessRecords, std::string> read_records_file(const std::string& records_file) {
  std::ifstream in(records_file);
  std::stringstream text;
  text << in.rdbuf();
  if (!in || text.str().empty()) return records_file + ": the program wrote no process records (did it start?)";
  int bad_line = 0;
  auto records = parse_records(text.str(), &bad_line);
  if (!records) return records_file + ":" + std::to_string(bad_line) + ": not a process record";
  return std::move(*records);
}

std::string draw_process_picture(const std::string& records_file, const std::string& png, const std::string& title) {
  auto records = read_records_file(records_file);
  if (auto* e = std::get_if<std::string>(&records)) return *e;
  ProcessSceneOptions o;
  o.title = title;
  return write_png(process_scene(process_model(std::get<ProcessRecords>(records)), o), png);
}

}  // namespace transit::viewer
