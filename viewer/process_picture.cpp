// A native program's end as a PNG (process_picture.h).
#include "transit/viewer/process_picture.h"

#include <fstream>
#include <sstream>

#include "transit/viewer/process_scene.h"
#include "transit/viewer/snapshot.h"

namespace transit::viewer {

std::string draw_process_picture(const std::string& records_file, const std::string& png, const std::string& title) {
  std::ifstream in(records_file);
  if (!in) return records_file + ": the program wrote no process records (did it start?)";
  std::stringstream text;
  text << in.rdbuf();
  int bad_line = 0;
  auto records = parse_records(text.str(), &bad_line);
  if (!records) return records_file + ":" + std::to_string(bad_line) + ": not a process record";
  ProcessSceneOptions o;
  o.title = title;
  return write_png(process_scene(process_model(*records), o), png);
}

}  // namespace transit::viewer
