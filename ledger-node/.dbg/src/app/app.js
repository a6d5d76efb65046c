export {};
//# sourceMappingURL=app.js.map