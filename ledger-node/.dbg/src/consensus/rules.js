export const jolteonRules = {
    safeToVote(x) {
        if (x.blockView !== x.currentView)
            return false;
        if (x.blockView <= x.lastVotedView || x.blockView <= x.highestTimeoutView)
            return false;
        if (x.justifyView + 1 === x.blockView)
            return true;
        if (x.tc === null || x.tc.view + 1 !== x.blockView || x.tc.highQcViews.length === 0)
            return false;
        return x.justifyView >= Math.max(...x.tc.highQcViews);
    },
    safeToTimeout(x) {
        if (x.view <= x.highestTimeoutView || x.view < x.lastVotedView)
            return false;
        return x.view === x.highQcView + 1 || (x.highTcView !== null && x.view === x.highTcView + 1);
    },
    commits(parentView, certifiedView) {
        return certifiedView === parentView + 1;
    },
};
//# sourceMappingURL=rules.js.map