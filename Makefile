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

# The pom compiles for release 25: local/jdk25.sh keeps a JAVA_HOME that is a JDK 25 or finds one
# (the default `java` on many machines is older).
export JAVA_HOME := $(shell . ./local/jdk25.sh && eventflow_select_jdk25 && echo "$$JAVA_HOME")

define lambda-zip
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set (run via sam build)" >&2; exit 1; }
	$(MVNW) $(MVN_FLAGS) -pl functions/$(1) -am package
	mkdir -p "$(ARTIFACTS_DIR)"
	unzip -q -o functions/$(1)/target/$(1)-lambda.zip -d "$(ARTIFACTS_DIR)"
endef

.PHONY: build-NotifierFunction build-AnalyticsFunction build-LedgerFunction build-ArchiverFunction build-ReplayerFunction

build-NotifierFunction:
	$(call lambda-zip,notifier)

build-AnalyticsFunction:
	$(call lambda-zip,analytics)

build-LedgerFunction:
	$(call lambda-zip,ledger)

build-ArchiverFunction:
	$(call lambda-zip,archiver)

build-ReplayerFunction:
	$(call lambda-zip,replayer)
