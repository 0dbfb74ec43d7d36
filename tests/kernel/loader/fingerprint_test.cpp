// The toolchain fingerprint and the module-api hash it carries.
#include <doctest/doctest.h>
#include <openssl/evp.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "nucleus/module/fingerprint.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

std::string sha256Hex(const std::string& bytes)
{
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string text;
  for (unsigned int i = 0; i < length; ++i) {
    text += hex[digest[i] >> 4];
    text += hex[digest[i] & 0xf];
  }
  return text;
}

}  // namespace

TEST_CASE("the fingerprint names the compiler, the C++ library, Boost, protobuf and the API hash")
{
  std::string fingerprint(nucleus::module::kFingerprint);
  CHECK(std::regex_match(
      fingerprint, std::regex("(gcc|clang)-[0-9]+\\.[0-9]+\\.[0-9]+;libstdc\\+\\+-[0-9]+;"
                              "cxx11abi-[01];boost-[0-9]+;protobuf-[0-9]+;api-[0-9a-f]{16}")));
  CHECK(fingerprint.find(";boost-" + std::to_string(BOOST_VERSION) + ";") != std::string::npos);
  CHECK(fingerprint.find(";protobuf-" + std::to_string(GOOGLE_PROTOBUF_VERSION) + ";") !=
        std::string::npos);
  CHECK(fingerprint.ends_with(std::string(";api-") + NUCLEUS_MODULE_API_HASH));
}

// Recomputes the hash as cmake/NucleusFingerprint.cmake does, from the headers
// in the source tree: a stale generated api_hash.h fails here.
TEST_CASE("the generated API hash matches the module-api headers")
{
  const std::filesystem::path base = NUCLEUS_MODULE_API_INCLUDE_DIR;
  std::vector<std::string> headers;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(base)) {
    auto extension = entry.path().extension();
    if (entry.is_regular_file() && (extension == ".h" || extension == ".hpp")) {
      headers.push_back(entry.path().lexically_relative(base).string());
    }
  }
  std::sort(headers.begin(), headers.end());
  REQUIRE(std::find(headers.begin(), headers.end(), "nucleus/module/abi.h") != headers.end());

  std::string manifest;
  for (const auto& header : headers) {
    manifest += header + " " + sha256Hex(nucleus::testing::readFile(base / header)) + "\n";
  }
  CHECK(sha256Hex(manifest).substr(0, 16) == NUCLEUS_MODULE_API_HASH);
}
