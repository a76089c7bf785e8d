declare module 'geojson-validation' {
  type Check = (object: unknown, trace?: boolean) => boolean | string[];
  const gjv: {
    valid: Check;
    isFeature: Check;
    isFeatureCollection: Check;
    isGeometryObject: Check;
    isPolygon: Check;
    isMultiPolygon: Check;
  };
  export default gjv;
}
