// One chart per task, and only near the screen. React mounts every dcc.Graph of a callback's
// answer in one commit and each Graph's Plotly.react draws synchronously, so a page of ten
// charts (the municipality's eight gauges, trend and comparison) was one task of half a second
// in which the browser could neither paint nor answer input: Lighthouse's total blocking time.
// Here each Plotly.react waits until its chart is within half a screen of the viewport
// (an IntersectionObserver, which also lets the page be laid out and painted first), then
// draws in a task of its own, in the order the charts came near (top of the page first).
// Charts further down are drawn as the reader scrolls towards them, all of them before
// printing; a chart once drawn follows its figure's changes wherever it is. Nothing else changes: the figure, the options, the promise dcc.Graph waits on (it
// binds its events once the chart is drawn).
// A chart asked to draw again before its turn draws once, with the newest figure (an empty
// first figure that the page's callback replaces is not drawn at all); a chart taken off the
// page before its turn is not drawn. Loaded right after the plotly bundle (dashboard.static).
(function () {
    "use strict";
    var Plotly = window.Plotly;
    if (!Plotly || Plotly.oneChartPerTask) {
        return;
    }
    var react = Plotly.react;
    var pending = new Map(); // graph div -> its job, until it is drawn
    var queue = []; // the jobs near the screen, in turn
    var scheduled = false;
    var near = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
        sweep();
        entries.forEach(function (entry) {
            if (entry.isIntersecting) {
                near.unobserve(entry.target);
                var job = pending.get(entry.target);
                if (job && !job.queued) {
                    job.queued = true;
                    queue.push(job);
                }
            }
        });
        schedule();
    }, {rootMargin: "50% 0px"}) : null;

    // charts taken off the page while they waited: never drawn, their promises settled
    function sweep() {
        pending.forEach(function (job, gd) {
            if (!gd.isConnected) {
                pending.delete(gd);
                if (near) {
                    near.unobserve(gd);
                }
                job.done.forEach(function (d) { d.resolve(gd); });
            }
        });
    }

    function schedule() {
        if (!scheduled && queue.length) {
            scheduled = true;
            setTimeout(run, 0);
        }
    }

    function draw(job) {
        pending.delete(job.gd);
        if (near) {
            near.unobserve(job.gd);
        }
        var drawn;
        try {
            drawn = Promise.resolve(react.apply(Plotly, job.args));
        } catch (err) {
            drawn = Promise.reject(err);
        }
        job.done.forEach(function (d) { drawn.then(d.resolve, d.reject); });
    }

    function run() {
        scheduled = false;
        sweep();
        var job = queue.shift();
        if (job && pending.get(job.gd) === job) {
            draw(job);
        }
        schedule();
    }

    Plotly.react = function (gd) {
        var args = Array.prototype.slice.call(arguments);
        var key = typeof gd === "string" ? document.getElementById(gd) : gd;
        if (!key) {
            return react.apply(Plotly, args);
        }
        return new Promise(function (resolve, reject) {
            var job = pending.get(key);
            if (job) {
                job.args = args;
            } else {
                // a chart on the page already is kept up to date wherever it is
                job = {gd: key, args: args, done: [], queued: !near || !!key._fullLayout};
                pending.set(key, job);
                if (job.queued) {
                    queue.push(job);
                } else {
                    near.observe(key);
                }
            }
            job.done.push({resolve: resolve, reject: reject});
            schedule();
        });
    };

    // a printed page shows every chart
    window.addEventListener("beforeprint", function () {
        Array.from(pending.values()).forEach(draw);
        queue = [];
    });
    // the charts not drawn yet, for a test that wants them all (it scrolls to each)
    Plotly.chartsWaiting = function () {
        sweep();
        return Array.from(pending.keys());
    };
    Plotly.oneChartPerTask = true;
}());
