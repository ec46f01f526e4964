/* Shared by every page: type colours and small DOM helpers. Text always goes in with textContent. */
"use strict";
window.panj = (function () {
  const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
  const COLOURS = ["#1b9e77", "#2c7fb8", "#41b6c4", "#7fcdbb", "#006d2c", "#74c476", "#9e9ac8", "#6a51a3",
    "#fdae6b", "#f16913", "#d94801", "#e7298a", "#8c6d31", "#bd9e39", "#a50f15", "#67000d"];
  function typeColour(t) { const i = TYPES.indexOf(t); return i < 0 ? "#777" : COLOURS[i]; }
  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) { if (v !== null && v !== undefined) node.setAttribute(k, v); }
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  async function getJSON(url) {
    const r = await fetch(url, { headers: { "Accept": "application/json" } });
    if (!r.ok) throw new Error(url + ": " + r.status);
    return r.json();
  }
  return { TYPES, typeColour, el, getJSON };
})();
