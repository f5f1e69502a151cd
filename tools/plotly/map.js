// The region page with municipality boundaries: the light traces plus the MapLibre choropleth.
var Plotly = require('./light.js');

Plotly.register([require('plotly.js/lib/choroplethmap')]);

module.exports = Plotly;
