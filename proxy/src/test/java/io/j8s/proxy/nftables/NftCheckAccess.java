package io.j8s.proxy.nftables;

/** Lets tests of other packages ask whether nft can be used here. */
public final class NftCheckAccess {

    private NftCheckAccess() {
    }

    public static boolean usable() {
        return NftCheck.usable();
    }
}
