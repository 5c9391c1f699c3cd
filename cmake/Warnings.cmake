# Warnings for our own targets only (linked PRIVATE), so third-party headers stay quiet.
add_library(tkr_warnings INTERFACE)
target_compile_options(tkr_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
  -Wcast-align -Wdouble-promotion -Wextra-semi -Wimplicit-fallthrough
  # Designated initializers rely on default member initializers; that is the point.
  -Wno-missing-field-initializers)
if(TKR_WERROR)
  target_compile_options(tkr_warnings INTERFACE -Werror)
endif()
