# motcua - build, run, test. GNU make. See README.md.
#   make run          install what is missing, build, create/migrate/seed var/motcua.db, serve :8080
#   make test         install what the tests need, build, run the whole suite
#   make check-asan   the same suite under AddressSanitizer + UBSan
#   make fuzz         build and run the libFuzzer targets for a short while
#   make bench        optimised build, benchmarks (see bench/README.md)
#   make install PREFIX=/usr/local

PREFIX ?= /usr/local
CC ?= cc
PKGS := libmicrohttpd jansson libsodium sqlite3 libqrencode libcurl xlsxwriter
BUILD ?= build
SANITIZER ?=
OPT ?= -O2

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ifeq ($(strip $(PKG_LIBS)),)
PKG_LIBS := -lmicrohttpd -ljansson -lsodium -lsqlite3 -lqrencode -lcurl -lxlsxwriter -lz
endif

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS ?= $(OPT) -g
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) -Iinclude $(PKG_CFLAGS) $(CFLAGS) -MMD -MP \
	-DMOTCUA_SHARE_DIR='"$(PREFIX)/share/motcua"'
LDLIBS := $(PKG_LIBS) -lpthread -lm

ifeq ($(SANITIZER),address)
ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif

LIB_SRC := $(sort $(wildcard src/core/*.c src/store/*.c src/http/*.c src/view/*.c src/domain/*.c src/web/*.c src/cmd/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/src/main.o
LIB := $(BUILD)/libmotcua.a
BIN := $(BUILD)/motcua

TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
HARNESS_OBJ := $(BUILD)/tests/unit/harness.o

# bench/bench_NAME.c -> $(BUILD)/bench_NAME, linked with the library (bench/hello.c, the
# plain libmicrohttpd baseline, is built by bench/run.sh alone)
BENCH_SRC := $(sort $(wildcard bench/bench_*.c))
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/%)

.SECONDARY:
.PHONY: all run test check-asan fuzz bench bench-bins install clean deps deps-test unit

all: $(BIN) $(TEST_BIN) $(BENCH_BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC  $<"
	@$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(BIN): $(MAIN_OBJ) $(LIB)
	@echo "  LD  $@"
	@$(CC) $(LDFLAGS) -o $@ $(MAIN_OBJ) $(LIB) $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(HARNESS_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	@$(CC) $(LDFLAGS) -o $@ $< $(HARNESS_OBJ) $(LIB) $(LDLIBS)

$(BUILD)/bench_%: $(BUILD)/bench/bench_%.o $(LIB)
	@echo "  LD  $@"
	@$(CC) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

bench-bins: $(BENCH_BIN)

deps:
	@sh scripts/deps.sh run

deps-test:
	@sh scripts/deps.sh test

run: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/run.sh

unit: all
	@for t in $(TEST_BIN); do $$t || exit 1; done

test: deps-test
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) sh tests/run.sh

check-asan: deps-test
	@$(MAKE) --no-print-directory BUILD=build/asan SANITIZER=address OPT=-O1 all
	@BUILD=build/asan ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 sh tests/run.sh

FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
fuzz: deps-test
	@sh tests/fuzz/run.sh $(FUZZ_SRC)

bench: deps-test
	@$(MAKE) --no-print-directory BUILD=build/bench OPT='-O2 -DNDEBUG' CFLAGS='-O2 -g -DNDEBUG' all
	@BUILD=build/bench sh bench/run.sh

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/motcua
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/motcua
	cp -R templates static migrations data config $(DESTDIR)$(PREFIX)/share/motcua/

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(TEST_BIN:$(BUILD)/tests/%=$(BUILD)/tests/unit/%.d) \
	$(BENCH_BIN:$(BUILD)/%=$(BUILD)/bench/%.d)
