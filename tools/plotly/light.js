// The traces every chart page draws: scatter (in core), bar, heatmap and the gauges' indicator.
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/indicator'),
]);

module.exports = Plotly;
