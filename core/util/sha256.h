#pragma once
// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), written here so the
// monitor can check GitHub's webhook signatures without a crypto library.
// Nothing here is secret-aware: a key passed in is only read. Pure
// functions, thread-safe. To compare a computed digest with one a stranger
// sent, use constant_time_equal (core/util/secret.h): its time does not
// depend on where the two differ.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace fairweather {

using Sha256Digest = std::array<std::uint8_t, 32>;

// Incremental SHA-256: update() any number of times, then finish() once.
class Sha256 {
  public:
    Sha256();
    void update(std::string_view bytes);
    Sha256Digest finish();

  private:
    void compress(const std::uint8_t* block);

    std::array<std::uint32_t, 8> m_state;
    std::array<std::uint8_t, 64> m_block{};
    std::size_t m_used = 0;      // bytes waiting in m_block
    std::uint64_t m_length = 0;  // bytes hashed so far
};

Sha256Digest sha256(std::string_view bytes);
Sha256Digest hmac_sha256(std::string_view key, std::string_view message);

// Lowercase hexadecimal, two digits a byte.
std::string to_hex(const Sha256Digest& digest);

}  // namespace fairweather
