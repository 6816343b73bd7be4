import { asc, eq } from 'drizzle-orm';
import { db, photos, productPhotos, products, type Photo, type Product } from '$lib/server/db';

export const maxProductPhotos = 6;

export function findProduct(productId: number): Product | undefined {
	return db.select().from(products).where(eq(products.id, productId)).get();
}

export function listProductPhotos(productId: number): Photo[] {
	return db
		.select({ photo: photos })
		.from(productPhotos)
		.innerJoin(photos, eq(photos.id, productPhotos.photoId))
		.where(eq(productPhotos.productId, productId))
		.orderBy(asc(productPhotos.position))
		.all()
		.map((row) => row.photo);
}
