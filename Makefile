# repl: build, deps, run, test, bench. See README.md.
# make SAN=1 ... builds and tests under AddressSanitizer + UBSan in build-san/.

PKGS    := lua5.4 libuv libedit libssl libcrypto zlib
# Debian packages: DEBS build and run the shell (make run); TEST_DEBS are
# what the tests add (make test, make bench): cmocka for the unit tests,
# prove (perl), tmux for the terminal tests, erl and iex to test against,
# the openssl command for the TLS tests' certificates.
DEBS      := build-essential pkg-config liblua5.4-dev libuv1-dev libedit-dev \
             libssl-dev zlib1g-dev
TEST_DEBS := libcmocka-dev perl tmux erlang-nox elixir openssl
CC      ?= cc
OPT     ?= -O2
CFLAGS  := -std=c11 $(OPT) -g -Wall -Wextra -Werror -D_GNU_SOURCE \
           -Ivm -Idist -Irepl -Ibuild $(EXTRA_CFLAGS)
ifeq ($(SAN),1)
B       := build-san
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=undefined
LDSAN   := -fsanitize=address,undefined
else
B       := build
endif
# BUILD=dir builds in a folder of one's own (two builds side by side).
ifdef BUILD
B       := $(BUILD)
endif
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = -Wl,--as-needed $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm

VM_SRC   := $(wildcard vm/*.c)
DIST_SRC := $(wildcard dist/*.c)
REPL_SRC := $(wildcard repl/*.c)
LUA_MODS := $(wildcard vm/lua/*.lua dist/lua/*.lua repl/lua/*.lua)
CORE_OBJ := $(patsubst %.c,$(B)/obj/%.o,$(VM_SRC) $(DIST_SRC)) $(B)/obj/embedded.o
REPL_OBJ := $(patsubst %.c,$(B)/obj/%.o,$(REPL_SRC))
UNIT_SRC := $(wildcard tests/unit/*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))

.PHONY: all deps test-deps run test units bench fuzz install clean
all: $(B)/repl

# install_debs PACKAGES: installs those of them that are missing; a no-op
# when all are there.
install_debs = missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' \
	    || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# What building and running the shell needs; test-deps adds the tests'.
deps:
	@$(call install_debs,$(DEBS))

test-deps: deps
	@$(call install_debs,$(TEST_DEBS))

$(B)/repl: $(CORE_OBJ) $(REPL_OBJ)
	$(CC) $(LDSAN) -o $@ $^ $(PKG_LIBS)

$(B)/obj/%.o: %.c $(wildcard vm/*.h dist/*.h repl/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(B)/embed: tools/embed.c
	@mkdir -p $(B)
	$(CC) -O1 -Wall -Wextra -Werror $(PKG_CFLAGS) -o $@ $< $(PKG_LIBS)

# Module names: vm/lua/x.lua is "vm.x", repl/lua/x.lua is "repl.x".
$(B)/embedded.c: $(B)/embed $(LUA_MODS)
	$(B)/embed $@ $(foreach f,$(LUA_MODS),$(subst /lua/,.,$(basename $(f)))=$(f))

$(B)/obj/embedded.o: $(B)/embedded.c
	$(CC) $(CFLAGS) -Ivm -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -o $@ $(filter %.c %.o,$^) $(PKG_LIBS) $(LDSAN) -lcmocka

run: deps $(B)/repl
	./$(B)/repl

# The suite runs against both builds: plain and sanitized (see tests/run).
test: test-deps
	$(MAKE) --no-print-directory build/repl units
	$(MAKE) --no-print-directory SAN=1 build-san/repl units
	tests/run

units: $(UNIT_BIN)

bench: test-deps $(B)/repl
	REPL_BUILD=$(B) tests/bench/run

# libFuzzer targets (clang): the term decoder and the handshake, each for
# FUZZ_TIME seconds; the decoder starts from the erl-made fixtures.
FUZZ_TIME ?= 60
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Ivm -Idist -Ibuild
fuzz: deps build/embedded.c
	@command -v clang >/dev/null || { echo "make fuzz needs clang (Debian: apt-get install clang)"; exit 1; }
	clang $(FUZZ_CFLAGS) $(PKG_CFLAGS) tests/fuzz/etf_fuzz.c $(VM_SRC) dist/buf.c \
	  dist/etf.c build/embedded.c $(PKG_LIBS) -o build/etf_fuzz
	clang $(FUZZ_CFLAGS) $(PKG_CFLAGS) tests/fuzz/hs_fuzz.c dist/handshake.c dist/buf.c \
	  $(PKG_LIBS) -o build/hs_fuzz
	mkdir -p build/etf_corpus build/hs_corpus
	cp tests/fixtures/etf/[a-z]*.bin build/etf_corpus/
	build/etf_fuzz -max_total_time=$(FUZZ_TIME) -max_len=4096 build/etf_corpus
	build/hs_fuzz -max_total_time=$(FUZZ_TIME) -max_len=1024 build/hs_corpus

# make install [PREFIX=/usr/local] [DESTDIR=...]: the binary (self-contained)
# and, beside it in share/repl, the drills and katas it runs.
PREFIX ?= /usr/local
install: $(B)/repl
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/repl
	install -m 755 $(B)/repl $(DESTDIR)$(PREFIX)/bin/repl
	cp -r scripts katas $(DESTDIR)$(PREFIX)/share/repl/

clean:
	rm -rf build build-san
