%% tests/bench/bench_lib.erl: what the Erlang benchmarks share, the
%% equivalent of lib.lua (see its comments): compiled with erlc beside them.
-module(bench_lib).
-export([report/2, now_ns/0, peer/1, serve/0, serve/2, run/3]).

%% Prints one result line the runner reads: "name value".
report(Name, Value) ->
    io:format("~s ~.6g~n", [Name, float(Value)]).

now_ns() -> erlang:monotonic_time(nanosecond).

%% The full name of the node with short name Short on this host.
peer(Short) ->
    [_, Host] = string:split(atom_to_list(node()), "@"),
    list_to_atom(Short ++ "@" ++ Host).

%% Registers bench, which halts the node on stop and passes any other
%% message to Handle(Message, State), whose result is the next State.
serve() -> serve(fun(_, S) -> S end, none).

serve(Handle, State) ->
    register(bench, spawn(fun() -> loop(Handle, State) end)).

loop(Handle, State) ->
    receive
        stop -> erlang:halt(0);
        M -> loop(Handle, Handle(M, State))
    end.

%% Runs the driver Body, then tells every one of Peers to stop, even after
%% an error, and halts: 0 when Body ran through, 1 (after saying why,
%% prefixed with Name) when it failed, with no crash dump to wait for.
run(Name, Peers, Body) ->
    Status = try Body(), 0
             catch Class:Reason:Stack ->
                 io:format(standard_error, "~s: ~p:~p ~p~n", [Name, Class, Reason, Stack]),
                 1
             end,
    [{bench, P} ! stop || P <- Peers],
    timer:sleep(50),
    erlang:halt(Status).
