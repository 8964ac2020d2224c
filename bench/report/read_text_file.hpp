// Reads a whole file as text; false and "PATH: cannot open" in `error` when it cannot.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace twinmatch::bench {

inline bool read_text_file(const std::string& path, std::string& text, std::string& error) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    error = path + ": cannot open";
    return false;
  }
  std::stringstream content;
  content << file.rdbuf();
  text = content.str();
  return true;
}

} // namespace twinmatch::bench
