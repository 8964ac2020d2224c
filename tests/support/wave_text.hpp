// Reading back what a waveform run wrote, for the tests: a VCD's header, signals and time
// stamps, and the signals a GTKWave save file (.gtkw) lists.
#pragma once

#include <cstdint>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace twinmatch::test {

struct VcdText {
  std::string first_keyword;        // a VCD opens with a $date, $version or $timescale section
  std::string timescale;            // e.g. "1ps"
  std::set<std::string> variables;  // "TOP.tm_core.wave.cmd_price[31:0]", as GTKWave names them
  std::vector<std::uint64_t> times; // every #time, in order
};

inline VcdText read_vcd(const std::string& path) {
  VcdText vcd;
  std::ifstream in(path);
  std::vector<std::string> scopes;
  std::string word;
  bool in_timescale = false;
  while (in >> word && word != "$enddefinitions") {
    if (vcd.first_keyword.empty()) vcd.first_keyword = word;
    if (in_timescale) {
      if (word == "$end") {
        in_timescale = false;
      } else {
        vcd.timescale += word;
      }
    } else if (word == "$timescale") {
      in_timescale = true;
    } else if (word == "$scope") {
      std::string kind, name, end;
      in >> kind >> name >> end;
      scopes.push_back(name);
    } else if (word == "$upscope") {
      in >> word;
      if (!scopes.empty()) scopes.pop_back();
    } else if (word == "$var") {
      std::string type, width, id, name, next;
      in >> type >> width >> id >> name >> next;
      std::string full;
      for (const std::string& scope : scopes) full += scope + ".";
      full += name;
      if (next != "$end") {
        full += next;  // the bit range
        in >> next;
      }
      vcd.variables.insert(full);
    }
  }
  // The value changes: a line "#T" is a time; the rest are values (a vector's identifier,
  // second on its line, may start with '#' too).
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() > 1 && line[0] == '#') vcd.times.push_back(std::stoull(line.substr(1)));
  }
  return vcd;
}

struct GtkwText {
  std::string dumpfile;
  std::vector<std::string> signals;
};

inline GtkwText read_gtkw(const std::string& path) {
  GtkwText gtkw;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("[dumpfile] ", 0) == 0) {
      gtkw.dumpfile = line.substr(12, line.size() - 13);  // between the quotes
    } else if (!line.empty() && line[0] != '@' && line[0] != '-' && line[0] != '[') {
      gtkw.signals.push_back(line);
    }
  }
  return gtkw;
}

} // namespace twinmatch::test
