# Installs into a temporary prefix (and packs a .deb when dpkg-deb is there)
# and checks what landed: tests/install/install_test.sh.
add_test(NAME install_prefix
         COMMAND ${PROJECT_SOURCE_DIR}/tests/install/install_test.sh ${PROJECT_BINARY_DIR})
set_tests_properties(install_prefix PROPERTIES TIMEOUT 300)
