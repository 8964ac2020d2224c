#include "twinmatch/durable/terms_file.hpp"

#include <cstdio>
#include <cstring>

#include <fcntl.h>

#include <fmt/format.h>

#include "file_io.hpp"
#include "twinmatch/durable/byte_codec.hpp"
#include "twinmatch/durable/checksums.hpp"

namespace twinmatch::durable {
namespace {

constexpr char kTermsMagic[8] = {'T', 'M', 'T', 'E', 'R', 'M', '1', '\0'};

} // namespace

bool write_terms_file(const std::string& dir, const SettlementConfig& terms, std::string& error) {
  std::vector<std::byte> bytes;
  ByteWriter out(bytes);
  out.bytes(std::as_bytes(std::span(kTermsMagic)));
  out.u32(static_cast<std::uint32_t>(terms.symbols.size()));
  for (const SymbolTerms& symbol : terms.symbols) {
    out.i64(symbol.base_price);
    out.i64(symbol.tick_value);
    out.i32(symbol.taker_bps);
    out.i32(symbol.maker_bps);
  }
  out.u32(crc32c(bytes));
  const std::string path = dir + "/" + kTermsFileName;
  const std::string temporary = path + ".new";
  {
    io::File file;
    if (!io::open_file(temporary, O_WRONLY | O_CREAT | O_TRUNC, file, error) ||
        !io::write_all(file, bytes, temporary, error) || !io::full_sync(file, temporary, error)) {
      return false;
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    error = io::errno_text("cannot rename into place", temporary);
    return false;
  }
  return io::sync_directory(dir, error);
}

bool read_terms_file(const std::string& dir, SettlementConfig& terms, std::string& error) {
  const std::string path = dir + "/" + kTermsFileName;
  std::vector<std::byte> bytes;
  if (!io::read_whole_file(path, bytes, error)) return false;
  ByteReader in(bytes);
  std::byte magic[8];
  in.bytes(magic);
  const std::uint32_t count = in.u32();
  const bool sized = in.ok() && bytes.size() == 16 + std::size_t{count} * 24;
  if (!sized || std::memcmp(magic, kTermsMagic, sizeof magic) != 0 ||
      crc32c(std::span(bytes).first(bytes.size() - 4)) !=
          ByteReader(std::span(bytes).last(4)).u32()) {
    error = fmt::format("{}: not a settlement terms file, or corrupt", path);
    return false;
  }
  SettlementConfig read;
  for (std::uint32_t i = 0; i < count; ++i) {
    read.symbols.push_back({in.i64(), in.i64(), in.i32(), in.i32()});
  }
  terms = std::move(read);
  return true;
}

} // namespace twinmatch::durable
