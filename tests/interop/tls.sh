#!/bin/sh
# TLS distribution (--tls-certfile, as erl's -proto_dist inet_tls): repl
# nodes with certificates talk to each other and to real erl nodes running
# inet_tls_dist, both ways; a node with TLS and one without refuse each
# other with a sentence on each side saying so; with --tls-cacertfile a
# certificate the CA did not sign is refused; peers started by a TLS node
# use its certificate; bad files are one sentence and exit status 1.
# Certificates are made here with the openssl command. Prints TAP.
. "$(dirname "$0")/lib"
need_erl
command -v openssl >/dev/null 2>&1 || { echo "Bail out! the openssl command is needed (Debian's openssl)"; exit 1; }
start_epmd "$(free_port 11)"
A=ta_$$; B=tb_$$; P=tp_$$; E=te_$$; F=tf_$$; V=tv_$$; W=tw_$$; X=tx_$$; K=tk_$$

# ---- certificates: a CA, a node certificate it signed, a stranger's ----
cd "$tmp" || exit 1
{
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=repl-test-ca &&
  openssl req -newkey rsa:2048 -nodes -keyout node.key -out node.csr -subj /CN=repl-node &&
  openssl x509 -req -in node.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out node.pem -days 2 &&
  openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.pem -days 2 -subj /CN=stranger
} >openssl.log 2>&1 || { echo "Bail out! openssl could not make the certificates"; sed 's/^/# /' openssl.log; exit 1; }
cat node.pem node.key >both.pem
cd - >/dev/null || exit 1
TLS="--tls-certfile $tmp/node.pem --tls-keyfile $tmp/node.key"

# ---- two repl nodes over TLS ----
repl_node "$A" "$LUA_PRE"'
  register("inbox", self()); print("ready")
  for _ = 1, 2 do           -- from the repl node, then from erl
    local m = receive(30000)
    print("a got", R(m))
    send(m[2], "hello back over TLS")
  end
  sleep(300)' $TLS
a=$last_pid
wait_for "$tmp/$A.out" '^ready' 20
repl_node "$B" "$LUA_PRE"'
  print("b ping", node.ping("'"$A@$HOST"'"))
  send(tuple("inbox", "'"$A@$HOST"'"), tuple("hello over TLS", self()))
  print("b got", R(receive(10000)))' --tls-certfile "$tmp/both.pem"
b=$last_pid
wait_gone "$b" 30
checkx "two TLS nodes: ping" "$tmp/$B.out" "b ping	pong"
check "two TLS nodes: a message one way" "$tmp/$A.out" '^a got	{"hello over TLS", <'
checkx "two TLS nodes: and back" "$tmp/$B.out" 'b got	"hello back over TLS"'

# ---- erl's inet_tls_dist ----
cat >"$tmp/ssl_dist.conf" <<EOF
[{server, [{certfile, "$tmp/node.pem"}, {keyfile, "$tmp/node.key"}, {verify, verify_none}]},
 {client, [{certfile, "$tmp/node.pem"}, {keyfile, "$tmp/node.key"}, {verify, verify_none}]}].
EOF
ERL_EXTRA="-proto_dist inet_tls -ssl_dist_optfile $tmp/ssl_dist.conf"
erl_node "$E" 'register(esrv, self()), io:format("ready~n"),
  io:format("erl ping: ~p~n", [net_adm:ping('"'$A@$HOST'"')]),
  {inbox, '"'$A@$HOST'"'} ! {<<"from erl over TLS">>, self()},
  receive M -> io:format("erl got: ~p~n", [M]) after 10000 -> io:format("nothing~n") end,
  halt().'
e=$last_pid
wait_gone "$e" 30
checkx "erl (inet_tls) pings our TLS node: pong" "$tmp/$E.out" "erl ping: pong"
check "our TLS node gets erl's message" "$tmp/$A.out" '^a got	{"from erl over TLS", <'
checkx "erl gets our answer" "$tmp/$E.out" 'erl got: <<"hello back over TLS">>'
wait_gone "$a" 30

erl_node "$F" 'register(esrv, self()), io:format("ready~n"),
  receive M -> io:format("erl got: ~p~n", [M]) after 20000 -> io:format("nothing~n") end,
  halt().'
f=$last_pid
wait_for "$tmp/$F.out" '^ready' 20
repl_node "$V" "$LUA_PRE"'
  print("ping erl", node.ping("'"$F@$HOST"'"))
  send(tuple("esrv", "'"$F@$HOST"'"), "from lua over TLS")
  sleep(300)' $TLS
v=$last_pid
wait_gone "$v" 30; wait_gone "$f" 30
checkx "our TLS node pings erl (inet_tls): pong" "$tmp/$V.out" "ping erl	pong"
checkx "erl gets our message" "$tmp/$F.out" 'erl got: <<"from lua over TLS">>'
ERL_EXTRA=""

# listener FLAGS...: node W, started with FLAGS, waits to be connected to.
listener() {
  repl_node "$W" 'print("ready"); receive(20000)' "$@"
  w=$last_pid
  wait_for "$tmp/$W.out" '^ready' 20
}
stop_listener() { kill "$w" 2>/dev/null; wait_gone "$w" 10; }
# connector ID LABEL FLAGS...: node ID prints LABEL and node.connect(W).
connector() {
  id=$1; label=$2; shift 2
  repl_node "$id" 'print("'"$label"'", node.connect("'"$W@$HOST"'"))' "$@"
  wait_gone "$last_pid" 20
}

# ---- TLS on one side only: refused, said on both sides ----
listener $TLS
connector "$X" plain
check "a plain node connecting to a TLS node: false, and why" "$tmp/$X.out" "^plain	false	.*TLS distribution"
check "the TLS node's terminal says the other does not use TLS" "$tmp/$W.out" \
  "connection refused: the other node does not use TLS distribution and this one does"
stop_listener

listener
connector "$X" tls $TLS
check "a TLS node connecting to a plain node: false, and why" "$tmp/$X.out" "^tls	false	the TLS handshake with $W@$HOST failed"
check "the plain node's terminal says the other uses TLS" "$tmp/$W.out" \
  "connection refused: the other node uses TLS distribution and this one does not"
stop_listener

# ---- --tls-cacertfile: only certificates the CA signed ----
CA="$TLS --tls-cacertfile $tmp/ca.pem"
listener $CA
connector "$X" signed $CA
checkx "with a CA: a certificate it signed is accepted" "$tmp/$X.out" "signed	true"
connector "$K" stranger --tls-certfile "$tmp/other.pem" --tls-keyfile "$tmp/other.key" \
  --tls-cacertfile "$tmp/ca.pem"
check "with a CA: a certificate it did not sign is refused, and why" "$tmp/$K.out" "^stranger	false	.*TLS"
check "the refusing node's terminal says why" "$tmp/$W.out" "connection refused: TLS"
stop_listener

# ---- peers of a TLS node ----
repl_node "$P" "$LUA_PRE"'
  local kid = peer.start{name = "kid_'$$'"}
  print("kid ping", node.ping(kid.node))
  print("kid says", rpc.call(kid.node, "node", "self", {}))
  peer.stop(kid)' $TLS
p=$last_pid
wait_gone "$p" 30
checkx "a peer started by a TLS node connects to it" "$tmp/$P.out" "kid ping	pong"
checkx "and answers an rpc" "$tmp/$P.out" "kid says	kid_$$@$HOST"

# ---- node.start with TLS settings, on a node started plain ----
listener $TLS
"$REPL" --epmd-port "$EPMD_PORT" -e 'print("start", node.start("ns_'$$'", {cookie = "'"$COOKIE"'",
    tls_certfile = "'"$tmp/node.pem"'", tls_keyfile = "'"$tmp/node.key"'"}))
  print("connect", node.connect("'"$W@$HOST"'"))
  halt()' >"$tmp/ns.out" 2>&1
checkx "node.start with tls_certfile and tls_keyfile" "$tmp/ns.out" "start	true"
checkx "and the node connects to a TLS node" "$tmp/ns.out" "connect	true"
stop_listener

# ---- bad files: one sentence, exit status 1 ----
bad() {   # bad NAME PATTERN FLAGS...: repl --sname with FLAGS fails so
  nm=$1; pat=$2; shift 2
  "$REPL" --sname "bad_$$" --epmd-port "$EPMD_PORT" "$@" -e 'print("started")' >"$tmp/bad.out" 2>&1
  st=$?
  if [ "$st" = 1 ] && grep -q -- "$pat" "$tmp/bad.out" && ! grep -q started "$tmp/bad.out"; then ok "$nm"
  else not_ok "$nm (status $st)" "$tmp/bad.out"; fi
}
bad "a missing certificate file" "^repl: --tls-certfile $tmp/none.pem: No such file or directory" --tls-certfile "$tmp/none.pem"
bad "a certificate file with no key, and no --tls-keyfile" "no private key in it .*--tls-keyfile" --tls-certfile "$tmp/node.pem"
bad "a key file given as the certificate" "no certificate in it" --tls-certfile "$tmp/node.key"
bad "a key that is not the certificate's" "does not belong to the certificate" --tls-certfile "$tmp/node.pem" --tls-keyfile "$tmp/other.key"

no_sanitizer_reports "no sanitizer report" "$tmp"/*.out
done_tap
