# dossier_warnings: the compiler warnings every target of dossier is built
# with (each links it PRIVATE). -Werror only with DOSSIER_WARNINGS_AS_ERRORS.
add_library(dossier_warnings INTERFACE)
target_compile_options(dossier_warnings INTERFACE
  -Wall -Wextra -Wshadow -Wnon-virtual-dtor
  $<$<BOOL:${DOSSIER_WARNINGS_AS_ERRORS}>:-Werror>)
# GCC 12 at -O2/-O3 reports -Wrestrict inside std::string's operator+ where
# nothing overlaps (GCC bug 105329); it is a false positive, not our code.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(dossier_warnings INTERFACE -Wno-restrict)
endif()
