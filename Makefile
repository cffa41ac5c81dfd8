# Build targets for `sam build` (template.yaml: Metadata BuildMethod makefile). SAM runs
# `make build-<LogicalId>` with ARTIFACTS_DIR set; each target builds one function module plus
# the modules it depends on (-am), then unpacks the module's Lambda zip (classes at the root,
# dependency jars under lib/) into ARTIFACTS_DIR.
#
# Not SAM's own Maven builder: it copies only CodeUri and runs mvn there, which cannot build
# one module of this multi-module reactor. Run `sam build --build-in-source` so make runs in
# the work tree (SAM would otherwise copy the whole repository, venvs included, first).

MVNW ?= ./mvnw
MVN_FLAGS ?= -q -B -DskipTests

# The pom compiles for release 25. Keep a JAVA_HOME that already is a JDK 25; otherwise use
# the machine's Temurin 25 when present (the default `java` here is 17).
JDK25 ?= /usr/lib/jvm/temurin-25-jdk-amd64
JAVA_RELEASE := $(shell "$${JAVA_HOME:+$$JAVA_HOME/bin/}java" -XshowSettings:properties -version 2>&1 \
	| sed -n 's/^ *java\.specification\.version = //p')
ifneq ($(JAVA_RELEASE),25)
  ifneq ($(wildcard $(JDK25)/bin/java),)
    export JAVA_HOME := $(JDK25)
  endif
endif

define lambda-zip
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set (run via sam build)" >&2; exit 1; }
	$(MVNW) $(MVN_FLAGS) -pl functions/$(1) -am package
	mkdir -p "$(ARTIFACTS_DIR)"
	unzip -q -o functions/$(1)/target/$(1)-lambda.zip -d "$(ARTIFACTS_DIR)"
endef

.PHONY: build-NotifierFunction build-AnalyticsFunction

build-NotifierFunction:
	$(call lambda-zip,notifier)

build-AnalyticsFunction:
	$(call lambda-zip,analytics)
