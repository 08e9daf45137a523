%% tests/bench/bench_global.erl: global register/unregister pairs per second
%% in a three-node cluster, the faithful equivalent of global.lua (see its
%% comments). Run as
%%   erl -sname B ... -run bench_global serve
%%   erl -sname A ... -run bench_global a N PEER...
%% printing the "name value" line global_pairs_per_s.
-module(bench_global).
-export([serve/0, a/1]).

serve() -> bench_lib:serve().

a([NStr | PeerShorts]) ->
    Peers = [bench_lib:peer(P) || P <- PeerShorts],
    bench_lib:run("bench_global a", Peers, fun() -> a(list_to_integer(NStr), Peers) end).

a(N, Peers) ->
    [true = net_kernel:connect_node(P) || P <- Peers],
    ok = global:sync(),
    pairs(warm, 50),
    T0 = bench_lib:now_ns(),
    pairs(bench, N),
    T1 = bench_lib:now_ns(),
    bench_lib:report("global_pairs_per_s", N / ((T1 - T0) / 1.0e9)).

pairs(_, 0) -> ok;
pairs(Tag, I) ->
    Name = {Tag, I},
    yes = global:register_name(Name, self()),
    _ = global:unregister_name(Name),
    pairs(Tag, I - 1).
