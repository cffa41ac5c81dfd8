# Sourced by ./eventflow, .ci/run and the Makefile: exports JAVA_HOME as a JDK 25 (the build's release and the
# Lambda runtime's), keeping the caller's JAVA_HOME when it already is one, else taking one installed beside the
# default JDK (Debian's /usr/lib/jvm, macOS's JavaVirtualMachines). Returns 1 with a message when there is none.
eventflow_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p'
}

eventflow_select_jdk25() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* /usr/lib/jvm/*25* \
                   /Library/Java/JavaVirtualMachines/*25*/Contents/Home; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ "$(eventflow_java_major "$candidate")" = "25" ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "eventflow needs JDK 25: set JAVA_HOME to one (none found under /usr/lib/jvm)." >&2
  return 1
}
