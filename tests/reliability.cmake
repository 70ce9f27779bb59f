# Crash-safety script (tests/reliability/kill_test.sh, see its README).
# The quick variant (5 kills on the fixture vault, a few seconds) runs with
# every `ctest`; the long one (>= 50 kills on a generated vault, minutes) only
# when configured with -DDOSSIER_LONG_TESTS=ON, then `ctest -L long`.
option(DOSSIER_LONG_TESTS "Register the long reliability tests (ctest -L long)" OFF)

add_test(NAME reliability_kill_quick
         COMMAND ${PROJECT_SOURCE_DIR}/tests/reliability/kill_test.sh
                 --dossier $<TARGET_FILE:dossier> --fixture --kills 5)
set_tests_properties(reliability_kill_quick PROPERTIES LABELS reliability TIMEOUT 300)

if(DOSSIER_LONG_TESTS)
  # As large a vault as the adversarial review needed to make a killed run
  # differ from an uninterrupted one (2000 meetings, 100 customers).
  add_test(NAME reliability_kill
           COMMAND ${PROJECT_SOURCE_DIR}/tests/reliability/kill_test.sh
                   --dossier $<TARGET_FILE:dossier> --kills 50 --meetings 2000 --customers 100)
  set_tests_properties(reliability_kill PROPERTIES LABELS "long;reliability" TIMEOUT 3600)
endif()
