# Every third-party dependency comes from a Debian 12 package (packaging/install-deps.sh).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(tl-expected REQUIRED)
# cpp-httplib ships only a pkg-config file; its flags (OPENSSL/ZLIB/BROTLI support) must match the
# compiled library, so every user goes through this one imported target.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib>=0.11)
if(TKR_BUILD_TESTS)
  find_package(doctest REQUIRED)
endif()
