package io.callfarm.engine.media;

/**
 * Hook for the link emulator: rewrites a remote ICE candidate before it is added to a local peer connection, e.g.
 * replacing the remote host candidate's {@code 127.0.0.1 <port>} with the port of a UDP relay that impairs the path.
 * To impair media flowing local → remote, rewrite candidates with {@link LinkDirection#OUTGOING} (the remote's
 * receiving socket); RTCP back from the remote flows to the local candidate on the same link.
 */
@FunctionalInterface
public interface CandidateRewriter {

    /** Keeps every candidate as signalled. */
    CandidateRewriter IDENTITY = (remoteUserId, direction, candidate) -> candidate;

    /**
     * Puts {@code localUserId}'s outgoing media through {@code fabric} (its uplink, then the remote's downlink) and
     * lets incoming media arrive only through the remote's own path; see {@link FabricCandidates}.
     */
    static CandidateRewriter through(io.callfarm.engine.net.NetworkFabric fabric, String localUserId) {
        return new FabricCandidates(fabric, localUserId);
    }

    /**
     * Returns the candidate line to add (same grammar as the input, e.g.
     * {@code candidate:1 1 udp 2113937151 127.0.0.1 40000 typ host generation 0 ufrag ab12 network-cost 999}),
     * or {@code null} to drop it. Called on the engine's signal thread; must not block.
     *
     * @param remoteUserId the user who sent the candidate
     * @param direction    which local connection it is for: {@code OUTGOING} = the local send-only connection to
     *                     {@code remoteUserId} (the candidate is the remote's receiving socket)
     * @param candidate    the candidate line as signalled: always an IPv4 UDP host candidate on 127.0.0.1
     */
    String rewrite(String remoteUserId, LinkDirection direction, String candidate);

    /**
     * Whether audio from {@code remoteUserId} to this device passes an impairment now (then its jitter buffer keeps
     * adapting and a microphone does not wait for it to settle; see {@link PlayoutSettling}).
     */
    default boolean impairsAudioFrom(String remoteUserId) {
        return false;
    }
}
