# Refreshes bianmin_en.ts from the client's sources; run by hand through the `update_translations`
# target (never part of a normal build: the .ts is a checked-in source that translators edit).
#
#   cmake -DLUPDATE=/usr/lib/qt6/bin/lupdate -DSOURCE_DIR=/path/to/checkout
#         -DTS_FILE=/path/to/bianmin_en.ts -DWORK_DIR=/tmp/somewhere -P update_ts.cmake
#
# lupdate's own C++ parser guesses a context from the enclosing class or namespace, which is not
# always what the code asks for at run time, so the strings are extracted in two passes, the
# contexts are corrected, and only then merged into the .ts (where lupdate keeps the translations
# of every message whose context and source text are unchanged):
#
# - client/ui (with catalog/): QObject classes call tr(), whose context is the class's full name
#   (bianmin::ui::CaseDetail); lupdate sometimes loses the namespace, so a bare class name gets
#   bianmin::ui:: put in front. The free helper t() of ui_text.cpp and notice_output.cpp is
#   QCoreApplication::translate("bianmin::ui", …) and is extracted as an alias of tr(): it is only
#   called from functions in namespace bianmin::ui, the context lupdate gives it.
# - client/print: no QObject there; every file's helper (named tr) translates in the fixed context
#   bianmin::print, whatever namespace or struct lupdate thinks it is in. The guide's heading()
#   lambda (notice_painting.cpp) translates its literal argument the same way.
#
# tests/ui_i18n checks the result: known contexts only, nothing unfinished or empty, the same
# placeholders in source and translation.
cmake_minimum_required(VERSION 3.25)

foreach(var LUPDATE SOURCE_DIR TS_FILE WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "update_ts.cmake: ${var} is not set")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

function(run_lupdate)
  execute_process(COMMAND "${LUPDATE}" ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "lupdate failed (${rc}): ${ARGN}")
  endif()
endfunction()

# Pass 1: the widgets.
run_lupdate(-silent -extensions cpp,h -I "${SOURCE_DIR}" -tr-function-alias tr+=t
  -source-language zh_CN -target-language en
  "${SOURCE_DIR}/client/ui" -ts "${WORK_DIR}/ui.ts")
file(READ "${WORK_DIR}/ui.ts" ui)
string(REGEX REPLACE "<name>([A-Za-z_][A-Za-z0-9_]*)</name>" "<name>bianmin::ui::\\1</name>" ui
  "${ui}")
file(WRITE "${WORK_DIR}/ui.ts" "${ui}")

# Pass 2: notices and guides.
run_lupdate(-silent -extensions cpp,h -I "${SOURCE_DIR}" -tr-function-alias tr+=heading
  -source-language zh_CN -target-language en
  "${SOURCE_DIR}/client/print" -ts "${WORK_DIR}/print.ts")
file(READ "${WORK_DIR}/print.ts" print)
string(REGEX REPLACE "<name>[^<]*</name>" "<name>bianmin::print</name>" print "${print}")
file(WRITE "${WORK_DIR}/print.ts" "${print}")

# lupdate writes source locations relative to the .ts it writes and copies them unchanged from a
# .ts it reads: make them relative to the final .ts.
get_filename_component(ts_dir "${TS_FILE}" DIRECTORY)
file(RELATIVE_PATH from_work "${WORK_DIR}" "${SOURCE_DIR}/client")
file(RELATIVE_PATH from_ts "${ts_dir}" "${SOURCE_DIR}/client")
foreach(part ui print)
  file(READ "${WORK_DIR}/${part}.ts" text)
  string(REPLACE "filename=\"${from_work}/" "filename=\"${from_ts}/" text "${text}")
  file(WRITE "${WORK_DIR}/${part}.ts" "${text}")
endforeach()

# Merge: lupdate reads .ts files as sources too; messages gone from the code are dropped.
run_lupdate(-extensions ts -no-obsolete -locations absolute
  -source-language zh_CN -target-language en
  "${WORK_DIR}/ui.ts" "${WORK_DIR}/print.ts" -ts "${TS_FILE}")
